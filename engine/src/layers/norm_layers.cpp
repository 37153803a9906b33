#include "glassbox/layers/norm_layers.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"

namespace glassbox {

BatchNorm::BatchNorm(const Shape& input, float momentum, float epsilon)
    : shape_(input), momentum_(momentum), epsilon_(epsilon) {
  require(!input.empty(), "batchnorm needs a non-empty input");
  channels_ = input.size() == 3 ? input[0] : element_count(input);
  spatial_ = input.size() == 3 ? input[1] * input[2] : 1;
}

std::vector<ParameterInfo> BatchNorm::parameters() const {
  return {{"weight", {channels_}, false}, {"bias", {channels_}, false}};
}

std::vector<ParameterInfo> BatchNorm::state() const {
  return {{"running_mean", {channels_}, false}, {"running_var", {channels_}, false}};
}

void BatchNorm::bind(std::span<float> params, std::span<float> grads) {
  gamma_ = params.subspan(0, channels_), beta_ = params.subspan(channels_, channels_);
  dgamma_ = grads.subspan(0, channels_), dbeta_ = grads.subspan(channels_, channels_);
}

void BatchNorm::bind_state(std::span<float> state) {
  running_mean_ = state.subspan(0, channels_), running_var_ = state.subspan(channels_, channels_);
}

void BatchNorm::initialize(Rng& /*rng*/) {
  std::fill(gamma_.begin(), gamma_.end(), 1.0f);
  std::fill(beta_.begin(), beta_.end(), 0.0f);
  std::fill(running_mean_.begin(), running_mean_.end(), 0.0f);
  std::fill(running_var_.begin(), running_var_.end(), 1.0f);
}

void BatchNorm::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const BatchNormShape s{batch, channels_, spatial_};
  if (!training_) {
    batch_norm_forward_eval(x, gamma_, beta_, running_mean_, running_var_, y, s, epsilon_);
    return;
  }
  batch_mean_.resize(channels_), batch_inv_std_.resize(channels_);
  batch_norm_forward_train(x, gamma_, beta_, y, batch_mean_, batch_inv_std_, running_mean_,
                           running_var_, s, momentum_, epsilon_);
}

void BatchNorm::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const BatchNormShape s{batch, channels_, spatial_};
  if (!training_) {
    batch_norm_backward_eval(x, gamma_, running_mean_, running_var_, dy, dgamma_, dbeta_, dx, s,
                             epsilon_);
    return;
  }
  batch_norm_backward_train(x, gamma_, batch_mean_, batch_inv_std_, dy, dgamma_, dbeta_, dx, s);
}

LayerNorm::LayerNorm(const Shape& input, float epsilon)
    : shape_(input), features_(element_count(input)), epsilon_(epsilon) {
  require(features_ >= 2, "layernorm needs at least 2 features to normalize");
}

std::vector<ParameterInfo> LayerNorm::parameters() const {
  return {{"weight", {features_}, false}, {"bias", {features_}, false}};
}

void LayerNorm::bind(std::span<float> params, std::span<float> grads) {
  gamma_ = params.subspan(0, features_), beta_ = params.subspan(features_, features_);
  dgamma_ = grads.subspan(0, features_), dbeta_ = grads.subspan(features_, features_);
}

void LayerNorm::initialize(Rng& /*rng*/) {
  std::fill(gamma_.begin(), gamma_.end(), 1.0f);
  std::fill(beta_.begin(), beta_.end(), 0.0f);
}

void LayerNorm::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  layer_norm_forward(x, gamma_, beta_, y, batch, features_, epsilon_);
}

void LayerNorm::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  layer_norm_backward(x, gamma_, dy, dgamma_, dbeta_, dx, batch, features_, epsilon_);
}

}  // namespace glassbox
