#include "glassbox/layers/batchnorm.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/normalization.hpp"

namespace glassbox {

LayerType BatchNorm::type_info() {
  return {"batchnorm",
          "normalizes each channel or feature over the batch",
          {},
          [](const LayerSpec&, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<BatchNorm>(input);
          }};
}

BatchNorm::BatchNorm(const Shape& input, float momentum, float epsilon)
    : Layer(input, input), momentum_(momentum), epsilon_(epsilon) {
  require(!input.empty(), "batchnorm needs a non-empty input");
  const bool image = input.size() == 3;
  channels_ = image ? input[0] : last_dim(input);
  spatial_ = image ? input[1] * input[2] : 1;
  rows_ = image ? 1 : row_count(input);
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
  const BatchNormShape s{batch * rows_, channels_, spatial_};
  if (!training_) {
    batch_norm_forward_eval(x, gamma_, beta_, running_mean_, running_var_, y, s, epsilon_);
    return;
  }
  batch_norm_forward_train(x, gamma_, beta_, y, cache_.first(channels_),
                           cache_.subspan(channels_, channels_), running_mean_, running_var_, s,
                           momentum_, epsilon_);
}

void BatchNorm::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const BatchNormShape s{batch * rows_, channels_, spatial_};
  if (!training_) {
    batch_norm_backward_eval(x, gamma_, running_mean_, running_var_, dy, dgamma_, dbeta_, dx, s,
                             epsilon_);
    return;
  }
  batch_norm_backward_train(x, gamma_, cache_.first(channels_),
                            cache_.subspan(channels_, channels_), dy, dgamma_, dbeta_, dx, s);
}

}  // namespace glassbox
