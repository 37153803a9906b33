#include "glassbox/model/model.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/layer_factory.hpp"
#include "glassbox/layers/layers.hpp"

namespace glassbox {

Model::Model(const Architecture& architecture, std::uint64_t seed) : architecture_(architecture) {
  architecture_.validate();
  Shape shape = architecture_.input;
  std::size_t total = 0, total_state = 0;
  for (const auto& spec : architecture_.layers) {
    layers_.push_back(make_layer(spec, shape));
    offsets_.push_back(total);
    state_offsets_.push_back(total_state);
    total += layers_.back()->parameter_count();
    total_state += layers_.back()->state_count();
    shape = layers_.back()->output_shape();
  }
  parameters_.assign(total, 0.0f);
  gradients_.assign(total, 0.0f);
  state_.assign(total_state, 0.0f);
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const std::size_t count = layers_[i]->parameter_count();
    layers_[i]->bind(std::span(parameters_).subspan(offsets_[i], count),
                     std::span(gradients_).subspan(offsets_[i], count));
    layers_[i]->bind_state(std::span(state_).subspan(state_offsets_[i], layers_[i]->state_count()));
  }
  activations_.resize(layers_.size() + 1);
  initialize(seed);
}

void Model::initialize(std::uint64_t seed) {
  Rng rng(seed);
  for (auto& layer : layers_) layer->initialize(rng);
  zero_gradients();
}

std::span<const float> Model::forward(std::span<const float> x, std::size_t batch) {
  require(batch > 0, "forward needs at least one sample");
  require(x.size() == batch * input_size(), "input has " + std::to_string(x.size()) +
                                                " values; expected " + std::to_string(batch) +
                                                " × " + std::to_string(input_size()));
  batch_ = batch;
  activations_[0].assign(x.begin(), x.end());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    activations_[i + 1].resize(batch * layers_[i]->output_size());
    layers_[i]->forward(activations_[i], activations_[i + 1], batch);
  }
  return activations_.back();
}

void Model::backward(std::span<const float> doutput, bool keep_layer_gradients) {
  require(batch_ > 0, "backward called before forward");
  require(doutput.size() == activations_.back().size(),
          "output gradient has the wrong length for the last batch");
  output_gradients_.assign(keep_layer_gradients ? layers_.size() : 0, {});
  grad_a_.assign(doutput.begin(), doutput.end());
  for (std::size_t i = layers_.size(); i-- > 0;) {
    if (keep_layer_gradients) output_gradients_[i] = grad_a_;
    // The first layer's input gradient is never needed: skip computing it.
    if (i > 0) grad_b_.resize(batch_ * layers_[i]->input_size());
    std::span<float> dx = i > 0 ? std::span<float>(grad_b_) : std::span<float>();
    layers_[i]->backward(activations_[i], activations_[i + 1], grad_a_, dx, batch_);
    std::swap(grad_a_, grad_b_);
  }
}

std::span<const float> Model::output_gradient(std::size_t i) const {
  require(i < output_gradients_.size(),
          "no kept gradient for layer " + std::to_string(i) + ": call backward(..., true)");
  return output_gradients_[i];
}

void Model::set_training(bool training) {
  training_ = training;
  for (auto& layer : layers_) layer->set_training(training);
}

void Model::zero_gradients() {
  std::fill(gradients_.begin(), gradients_.end(), 0.0f);
}

std::vector<float> Model::predict(std::span<const float> x, std::size_t batch) {
  const auto out = forward(x, batch);
  std::vector<float> result(out.begin(), out.end());
  if (architecture_.loss == LossKind::softmax_cross_entropy) {
    softmax_rows(out, result, batch, output_size());
  } else if (architecture_.loss == LossKind::binary_cross_entropy) {
    sigmoid_forward(out, result);
  }
  return result;
}

std::span<const float> Model::layer_input(std::size_t i) const {
  require(i < layers_.size(), "no layer " + std::to_string(i));
  return activations_[i];
}

std::span<const float> Model::activation(std::size_t i) const {
  require(i < layers_.size(), "no layer " + std::to_string(i));
  return activations_[i + 1];
}

}  // namespace glassbox
