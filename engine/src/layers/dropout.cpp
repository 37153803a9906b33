#include "glassbox/layers/dropout.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"

namespace glassbox {

LayerType Dropout::type_info() {
  return {"dropout",
          "randomly zeroes a fraction of the values while training",
          {{.name = "rate",
            .kind = FieldKind::number,
            .help = "a number in [0, 1): the probability of dropping a value",
            .required = true,
            .min = 0,
            .max = 1,
            .max_exclusive = true}},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Dropout>(input, s.number("rate"));
          }};
}

Dropout::Dropout(const Shape& input, float rate) : Layer(input, input), rate_(rate) {
  require(rate >= 0.0f && rate < 1.0f,
          "dropout rate must be in [0, 1), got " + std::to_string(rate));
}

LayerSpec Dropout::spec() const {
  return {"dropout", {{"rate", static_cast<double>(rate_)}}};
}

void Dropout::initialize(Rng& rng) {
  rng_ = Rng(rng.next_u64());
}

void Dropout::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t n = batch * input_size();
  masked_ = training_ && rate_ > 0.0f;
  if (!masked_) {
    std::copy_n(x.begin(), n, y.begin());
    return;
  }
  const float keep_scale = 1.0f / (1.0f - rate_);
  for (std::size_t i = 0; i < n; ++i) {
    cache_[i] = rng_.uniform() < rate_ ? 0.0f : keep_scale;
    y[i] = x[i] * cache_[i];
  }
}

void Dropout::backward(std::span<const float> /*x*/, std::span<const float> /*y*/,
                       std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t n = batch * input_size();
  if (!masked_) {
    std::copy_n(dy.begin(), n, dx.begin());
    return;
  }
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * cache_[i];
}

std::vector<Internal> Dropout::internals(std::span<const float>, std::span<const float>,
                                         std::size_t batch) const {
  if (!masked_) return {};
  return {{"mask", input_shape(), std::span<const float>(cache_).first(batch * input_size())}};
}

}  // namespace glassbox

namespace glassbox {

// Exported for inference: PyTorch's nn.Dropout is the identity in eval mode
// (and inverted, like ours, in training); ONNX gets an Identity.
TorchModule Dropout::to_torch() const {
  return {"nn.Dropout(" + float_text(rate_) + ")"};
}

std::string Dropout::to_onnx(OnnxGraph& graph, const std::string& input) const {
  return graph.add("Identity", {input}, "output");
}

}  // namespace glassbox
