#include "glassbox/model/model.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

Model::Model(const Architecture& architecture, std::uint64_t seed) : architecture_(architecture) {
  architecture_.validate();
  Shape shape = architecture_.input;
  std::size_t total = 0, total_state = 0;
  for (std::size_t i = 0; i < architecture_.layers.size(); ++i) {
    const LayerSpec spec =
        checked_spec(architecture_.layers[i], "layer " + std::to_string(i) + ": ");
    layers_.push_back(make_layer(spec, shape));
    offsets_.push_back(total);
    state_offsets_.push_back(total_state);
    std::size_t offset = total;
    for (const auto& p : layers_.back()->parameters()) {
      const std::size_t count = element_count(p.shape);
      if (p.is_weight) weight_ranges_.push_back({offset, count, p.shape});
      offset += count;
    }
    total += layers_.back()->parameter_count();
    total_state += layers_.back()->state_count();
    shape = layers_.back()->output_shape();
  }
  output_shape_ = shape;
  input_size_ = element_count(architecture_.input);
  output_size_ = element_count(output_shape_);
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
  caches_.resize(layers_.size());
  initialize(seed);
}

void Model::initialize(std::uint64_t seed) {
  Rng rng(seed);
  for (auto& layer : layers_) layer->initialize(rng);
  zero_gradients();
}

std::vector<NamedTensor> Model::named_tensors() const {
  std::vector<NamedTensor> all;
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    const std::string prefix = "layers." + std::to_string(i) + ".";
    std::size_t offset = offsets_[i];
    for (const auto& p : layers_[i]->parameters()) {
      all.push_back({prefix + p.name, p.shape, offset, false});
      offset += element_count(p.shape);
    }
    offset = state_offsets_[i];
    for (const auto& p : layers_[i]->state()) {
      all.push_back({prefix + p.name, p.shape, offset, true});
      offset += element_count(p.shape);
    }
  }
  return all;
}

NamedTensor Model::tensor(std::size_t layer, const std::string& name) const {
  require(layer < layers_.size(), "no layer " + std::to_string(layer) + "; the model has " +
                                      std::to_string(layers_.size()));
  const std::string prefix = "layers." + std::to_string(layer) + ".";
  std::string known;
  for (auto& t : named_tensors()) {
    if (t.name.rfind(prefix, 0) != 0) continue;
    const std::string short_name = t.name.substr(prefix.size());
    if (short_name == name) return t;
    known += (known.empty() ? "" : ", ") + short_name;
  }
  throw Error("layer " + std::to_string(layer) + " (" + std::string(layers_[layer]->type()) +
              ") has no tensor '" + name + "'; its tensors: " + (known.empty() ? "none" : known));
}

void Model::reserve(std::size_t batch) {
  if (batch == arena_batch_) return;
  // Layout: input, each layer's output, each layer's cache, the workspace,
  // then two gradient buffers as large as the largest activation.
  std::size_t total = 0, largest = input_size_, workspace = 0;
  const auto add = [&](std::size_t n) {
    total += n;
    if (total < n) throw Error("the batch of " + std::to_string(batch) + " is too large");
  };
  add(checked_multiply(batch, input_size_, "the input batch"));
  for (const auto& layer : layers_) {
    add(checked_multiply(batch, layer->output_size(), "a layer's output batch"));
    add(layer->cache_size(batch));
    workspace = std::max(workspace, layer->workspace_size(batch));
    largest = std::max(largest, layer->output_size());
  }
  add(workspace);
  const std::size_t gradient = checked_multiply(batch, largest, "the gradient batch");
  add(gradient);
  add(gradient);
  arena_.resize(total);
  const std::span<float> arena(arena_);
  std::size_t at = 0;
  const auto take = [&](std::size_t n) {
    const auto view = arena.subspan(at, n);
    at += n;
    return view;
  };
  activations_[0] = take(batch * input_size_);
  for (std::size_t i = 0; i < layers_.size(); ++i)
    activations_[i + 1] = take(batch * layers_[i]->output_size());
  caches_.resize(layers_.size());  // sized once in the constructor's first call
  for (std::size_t i = 0; i < layers_.size(); ++i) caches_[i] = take(layers_[i]->cache_size(batch));
  const std::span<float> shared = take(workspace);
  grad_a_ = take(gradient);
  grad_b_ = take(gradient);
  for (std::size_t i = 0; i < layers_.size(); ++i)
    layers_[i]->bind_buffers(caches_[i], shared.first(layers_[i]->workspace_size(batch)), batch);
  arena_batch_ = batch;
}

std::span<const float> Model::forward(std::span<const float> x, std::size_t batch) {
  if (batch == 0) throw Error("forward needs at least one sample");
  if (x.size() / batch != input_size_ || x.size() % batch != 0) {
    throw Error("input has " + std::to_string(x.size()) + " values; expected " +
                std::to_string(batch) + " × " + std::to_string(input_size_));
  }
  if (architecture_.vocabulary > 0) {
    const auto vocabulary = static_cast<float>(architecture_.vocabulary);
    for (std::size_t i = 0; i < x.size(); ++i) {
      if (!(x[i] >= 0.0f && x[i] < vocabulary && x[i] == std::floor(x[i]))) {
        throw Error("token " + std::to_string(i % input_size_) + " of sample " +
                    std::to_string(i / input_size_) + " is " + std::to_string(x[i]) +
                    "; token ids must be whole numbers in [0, " +
                    std::to_string(architecture_.vocabulary) + ")");
      }
    }
  }
  reserve(batch);
  batch_ = batch;
  std::copy(x.begin(), x.end(), activations_[0].begin());
  for (std::size_t i = 0; i < layers_.size(); ++i) {
    // A layer that can compute its successor's output in the same pass does
    // (dense + relu); every activation buffer still gets its own values.
    if (i + 1 < layers_.size() &&
        layers_[i]->forward_with_next(activations_[i], activations_[i + 1], *layers_[i + 1],
                                      activations_[i + 2], batch)) {
      ++i;
      continue;
    }
    layers_[i]->forward(activations_[i], activations_[i + 1], batch);
  }
  return activations_.back();
}

void Model::backward(std::span<const float> doutput, bool keep_layer_gradients) {
  if (batch_ == 0) throw Error("backward called before forward");
  if (doutput.size() != batch_ * output_size_)
    throw Error("output gradient has the wrong length for the last batch");
  if (keep_layer_gradients) output_gradients_.assign(layers_.size(), {});
  std::span<float> upper = grad_a_, lower = grad_b_;
  std::copy(doutput.begin(), doutput.end(), upper.begin());
  for (std::size_t i = layers_.size(); i-- > 0;) {
    const std::size_t out = batch_ * layers_[i]->output_size();
    if (keep_layer_gradients) output_gradients_[i].assign(upper.begin(), upper.begin() + out);
    // The first layer's input gradient is never needed: skip computing it.
    const std::span<float> dx =
        i > 0 ? lower.first(batch_ * layers_[i]->input_size()) : std::span<float>();
    layers_[i]->backward(activations_[i], activations_[i + 1], upper.first(out), dx, batch_);
    std::swap(upper, lower);
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
    const std::size_t classes = last_dim(output_shape_);
    softmax_rows(out, result, out.size() / classes, classes);
  } else if (architecture_.loss == LossKind::binary_cross_entropy) {
    sigmoid_forward(out, result);
  }
  return result;
}

std::span<const float> Model::layer_input(std::size_t i) const {
  require(i < layers_.size(), "no layer " + std::to_string(i));
  return activations_[i].first(batch_ * layers_[i]->input_size());
}

std::span<const float> Model::activation(std::size_t i) const {
  require(i < layers_.size(), "no layer " + std::to_string(i));
  return activations_[i + 1].first(batch_ * layers_[i]->output_size());
}

std::vector<Internal> Model::internals(std::size_t i) const {
  require(i < layers_.size(), "no layer " + std::to_string(i));
  if (batch_ == 0) return {};
  return layers_[i]->internals(layer_input(i), activation(i), batch_);
}

}  // namespace glassbox
