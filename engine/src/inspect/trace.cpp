#include "glassbox/inspect/trace.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/loss.hpp"

namespace glassbox {
namespace {

// Layer i has a dense-style weight W: (in, out) acting on its whole input.
bool has_weight_matrix(const Model& model, std::size_t i) {
  for (const auto& p : model.layer(i).parameters())
    if (p.name == "weight" && p.shape.size() == 2 && p.shape[0] == model.layer(i).input_size())
      return true;
  return false;
}

}  // namespace

Trace trace_sample(Model& model, std::span<const float> input, std::span<const float> target,
                   float learning_rate) {
  return trace_sample(model, input, target, Sgd(learning_rate));
}

Trace trace_sample(Model& model, std::span<const float> input, std::span<const float> target,
                   const Optimizer& optimizer) {
  require(target.size() == model.output_size(),
          "target has " + std::to_string(target.size()) + " values; the model has " +
              std::to_string(model.output_size()) + " outputs");
  return trace_with_loss(model, input, {target.begin(), target.end()}, optimizer,
                         [&](std::span<const float> output, std::span<float> doutput) {
                           return compute_loss(model.architecture().loss, output, target, doutput,
                                               1, output.size());
                         });
}

Trace trace_sample_ids(Model& model, std::span<const float> input,
                       std::span<const std::int32_t> ids, const Optimizer& optimizer) {
  const std::size_t rows = ids.size();
  require(rows >= 1 && model.output_size() % rows == 0,
          "target has " + std::to_string(rows) + " class ids; the model's " +
              std::to_string(model.output_size()) + " outputs do not split into that many rows");
  require(model.architecture().loss == LossKind::softmax_cross_entropy,
          "class-id targets need the softmax_cross_entropy loss, this model uses " +
              loss_name(model.architecture().loss));
  return trace_with_loss(model, input, {ids.begin(), ids.end()}, optimizer,
                         [&](std::span<const float> output, std::span<float> doutput) {
                           return sparse_softmax_cross_entropy(output, ids, doutput, rows,
                                                               output.size() / rows);
                         });
}

Trace trace_with_loss(Model& model, std::span<const float> input, std::vector<float> target,
                      const Optimizer& optimizer, const TraceLoss& loss) {
  Trace trace;
  trace.input.assign(input.begin(), input.end());
  trace.target = std::move(target);
  const bool was_training = model.training();
  model.set_training(false);
  model.zero_gradients();
  const auto output = model.forward(input, 1);
  std::vector<float> doutput(output.size());
  trace.loss = loss(output, doutput);
  model.backward(doutput, /*keep_layer_gradients=*/true);
  model.set_training(was_training);

  std::size_t group_end = 0;  // the last layer folded into the current group
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    const Layer& layer = model.layer(i);
    const auto a = model.activation(i);
    const auto da = model.output_gradient(i);
    LayerTrace entry{i,
                     std::string(layer.type()),
                     layer.output_shape(),
                     {a.begin(), a.end()},
                     {da.begin(), da.end()}};
    const auto internals = model.internals(i);
    for (const auto& internal : internals) {
      entry.internal_names.push_back(internal.name);
      entry.internal_shapes.push_back(internal.shape);
      entry.internal_values.emplace_back(internal.values.begin(), internal.values.end());
    }
    entry.parameter_offset = model.parameter_offset(i);
    entry.parameter_count = layer.parameter_count();
    trace.all_layers.push_back(std::move(entry));

    if (has_weight_matrix(model, i)) {
      trace.layers.push_back({i,
                              "linear",
                              model.parameter_offset(i),
                              {a.begin(), a.end()},
                              {a.begin(), a.end()},
                              {da.begin(), da.end()}});
      group_end = i;
    } else if (!trace.layers.empty() && layer.parameter_count() == 0 &&
               layer.output_size() == trace.layers.back().z.size() && group_end + 1 == i) {
      // A parameterless layer that keeps the shape folds into the group: a is
      // its output; δ stays at the dense output. Activations (those with a
      // pre-activation) name the group's f.
      NeuronLayerTrace& group = trace.layers.back();
      group_end = i;
      const bool is_activation = !internals.empty() && internals[0].name == "pre_activation";
      if (is_activation) {
        group.activation = group.activation == "linear"
                               ? std::string(layer.type())
                               : group.activation + "+" + std::string(layer.type());
      }
      group.a.assign(a.begin(), a.end());
    }
  }
  trace.output = model.predict(input, 1);
  trace.gradients.assign(model.gradients().begin(), model.gradients().end());
  const auto copy = optimizer.clone();
  trace.optimizer = copy->name();
  trace.learning_rate = copy->learning_rate();
  trace.updated.assign(model.parameters().begin(), model.parameters().end());
  copy->step(trace.updated, trace.gradients);
  trace.step.resize(trace.updated.size());
  for (std::size_t k = 0; k < trace.step.size(); ++k)
    trace.step[k] = trace.updated[k] - model.parameters()[k];
  trace.quantities = copy->quantities();
  return trace;
}

}  // namespace glassbox
