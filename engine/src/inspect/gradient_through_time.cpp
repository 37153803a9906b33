#include "glassbox/inspect/gradient_through_time.hpp"

#include <algorithm>
#include <span>
#include <string>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/loss.hpp"

namespace glassbox {

double first_to_last_ratio(const std::vector<double>& profile) {
  return profile.empty() || !(profile.back() > 0.0) ? 0.0 : profile.front() / profile.back();
}

GradientThroughTime gradient_through_time(Model& model, const Dataset& examples,
                                          std::size_t count) {
  require(count >= 1, "the gradient through time needs at least 1 example, got 0");
  examples.validate();
  const std::size_t n = std::min(count, examples.count);
  require(n >= 1, "the gradient through time needs at least 1 example; the set is empty");
  require(examples.input_size == model.input_size(),
          "the examples have " + std::to_string(examples.input_size) +
              " inputs each; the model takes " + std::to_string(model.input_size()));
  const std::size_t out = model.output_size();
  const std::size_t classes = last_dim(model.output_shape());
  if (examples.has_labels())
    require(examples.target_size * classes == out,
            "the examples have " + std::to_string(examples.target_size) +
                " class ids each; the model gives " + std::to_string(out / classes) + " rows of " +
                std::to_string(classes) + " logits");
  else
    require(examples.target_size == out,
            "the examples have " + std::to_string(examples.target_size) +
                " targets each; the model gives " + std::to_string(out) + " outputs");

  // x: (n, input_size), token ids as floats for a token model.
  std::vector<float> x(n * examples.input_size);
  for (std::size_t i = 0; i < n; ++i)
    examples.copy_inputs(i, std::span(x).subspan(i * examples.input_size, examples.input_size));

  const bool was_training = model.training();
  model.set_training(false);
  const std::vector<float> saved_gradients(model.gradients().begin(), model.gradients().end());
  const auto output = model.forward(x, n);

  // ∂L_i/∂output_i, example by example, with the trainer's loss on a batch of
  // one (train/trainer.cpp): the sparse cross-entropy over the example's
  // target_size rows of `classes` logits, or the architecture's loss on its
  // one row of `out` values. The examples do not mix in a forward pass, so
  // one backward of the stacked gradients gives each h_t^(i) its own ∂L_i/∂h_t.
  std::vector<float> doutput(n * out);
  for (std::size_t i = 0; i < n; ++i) {
    const auto y = output.subspan(i * out, out);
    const auto dy = std::span(doutput).subspan(i * out, out);
    const std::size_t t = examples.target_size;
    if (examples.has_labels())
      sparse_softmax_cross_entropy(y, std::span(examples.labels).subspan(i * t, t), dy, t, classes);
    else
      compute_loss(model.architecture().loss, y, std::span(examples.targets).subspan(i * t, t), dy,
                   1, out);
  }
  model.backward(doutput);
  std::copy(saved_gradients.begin(), saved_gradients.end(), model.gradients().begin());
  model.set_training(was_training);

  for (std::size_t layer = 0; layer < model.layer_count(); ++layer) {
    for (const Internal& internal : model.internals(layer)) {
      if (internal.name != "grad_norm") continue;
      // grad_norm: (n, T), ‖∂L_i/∂h_t^(i)‖.
      const std::size_t T = internal.shape.at(0);
      GradientThroughTime result;
      result.examples = n;
      result.profile.assign(T, 0.0);
      for (std::size_t i = 0; i < n; ++i)
        for (std::size_t s = 0; s < T; ++s) result.profile[s] += internal.values[i * T + s];
      for (double& v : result.profile) v /= static_cast<double>(n);
      result.ratio = first_to_last_ratio(result.profile);
      return result;
    }
  }
  throw Error("the model has no recurrent layer (rnn, lstm or gru): no gradient through time");
}

}  // namespace glassbox
