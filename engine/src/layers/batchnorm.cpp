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

namespace glassbox {

namespace {

// nn.BatchNorm1d normalizes axis 1 of (N, C) or (N, C, L); ours normalizes the
// last axis of (N, T, D). This subclass views x as (N·T, D) rows, so its
// statistics and state_dict are those of BatchNorm1d(D).
constexpr const char* batchnorm_last_axis = R"(class BatchNormLastAxis(nn.BatchNorm1d):
    """BatchNorm over the last axis of (N, ..., D), each of the N·... rows a sample."""

    def forward(self, x):
        return super().forward(x.reshape(-1, x.shape[-1])).reshape(x.shape))";

}  // namespace

TorchModule BatchNorm::to_torch() const {
  const std::string args = std::to_string(channels_) + ", eps=" + float_text(epsilon_) +
                           ", momentum=" + float_text(momentum_) + ")";
  if (input_shape().size() == 3) return {"nn.BatchNorm2d(" + args};
  if (input_shape().size() == 1) return {"nn.BatchNorm1d(" + args};
  return {"BatchNormLastAxis(" + args, {}, {batchnorm_last_axis}};
}

// Inference form: y = γ (x − μ_run) / √(σ²_run + ε) + β per channel, ONNX's
// BatchNormalization on axis 1. A sequence (N, T, D) is transposed to
// (N, D, T) and back, so the features sit on axis 1.
std::string BatchNorm::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto c = static_cast<std::int64_t>(channels_);
  const std::string gamma = graph.initializer("weight", {c}, gamma_);
  const std::string beta = graph.initializer("bias", {c}, beta_);
  const std::string mean = graph.initializer("running_mean", {c}, running_mean_);
  const std::string var = graph.initializer("running_var", {c}, running_var_);
  const bool sequence = input_shape().size() == 2;
  const std::string x =
      sequence ? graph.add("Transpose", {input}, "features_second", {onnx_ints("perm", {0, 2, 1})})
               : input;
  const std::string y =
      graph.add("BatchNormalization", {x, gamma, beta, mean, var},
                sequence ? "normalized" : "output", {onnx_float("epsilon", epsilon_)});
  return sequence ? graph.add("Transpose", {y}, "output", {onnx_ints("perm", {0, 2, 1})}) : y;
}

}  // namespace glassbox
