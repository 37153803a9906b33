#include "glassbox/layers/layernorm.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/normalization.hpp"

namespace glassbox {

LayerType LayerNorm::type_info() {
  return {"layernorm",
          "normalizes each row of the last axis, then scales and shifts",
          {},
          [](const LayerSpec&, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<LayerNorm>(input);
          }};
}

LayerNorm::LayerNorm(const Shape& input, float epsilon)
    : Layer(input, input), features_(last_dim(input)), rows_(row_count(input)), epsilon_(epsilon) {
  require(features_ >= 2,
          "layernorm needs at least 2 features on the last axis, got " + shape_to_string(input));
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
  layer_norm_forward(x, gamma_, beta_, y, batch * rows_, features_, epsilon_);
}

void LayerNorm::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  layer_norm_backward(x, gamma_, dy, dgamma_, dbeta_, dx, batch * rows_, features_, epsilon_);
}

}  // namespace glassbox

namespace glassbox {

TorchModule LayerNorm::to_torch() const {
  return {"nn.LayerNorm(" + std::to_string(features_) + ", eps=" + float_text(epsilon_) + ")"};
}

// LayerNormalization is in the default domain from opset 17.
std::string LayerNorm::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto d = static_cast<std::int64_t>(features_);
  const std::string gamma = graph.initializer("weight", {d}, gamma_);
  const std::string beta = graph.initializer("bias", {d}, beta_);
  return graph.add("LayerNormalization", {input, gamma, beta}, "output",
                   {onnx_int("axis", -1), onnx_float("epsilon", epsilon_)});
}

}  // namespace glassbox
