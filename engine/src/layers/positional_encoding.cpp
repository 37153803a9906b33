#include "glassbox/layers/positional_encoding.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/export.hpp"

namespace glassbox {

LayerType PositionalEncoding::type_info() {
  return {"positional_encoding",
          "y[t] = x[t] + PE[t] on a sequence (T, D): sinusoidal or learned",
          {{.name = "kind",
            .kind = FieldKind::text,
            .help = "sinusoidal (fixed sin/cos) or learned (a trained (T, D) table)",
            .fallback = std::string("sinusoidal"),
            .choices = {"sinusoidal", "learned"}}},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<PositionalEncoding>(
                input, s.text("kind") == "learned" ? Kind::learned : Kind::sinusoidal);
          }};
}

PositionalEncoding::PositionalEncoding(const Shape& input, Kind kind)
    : Layer(input, input),
      kind_(kind),
      tokens_(input.size() == 2 ? input[0] : 0),
      features_(input.size() == 2 ? input[1] : 0) {
  require(input.size() == 2,
          "positional_encoding needs a sequence of shape [T, D] (put it after an embedding), got " +
              shape_to_string(input));
  if (kind_ == Kind::sinusoidal) {
    sinusoid_.resize(element_count(input));
    for (std::size_t t = 0; t < tokens_; ++t)
      for (std::size_t d = 0; d < features_; ++d) {
        const double pair = static_cast<double>(d - d % 2);  // 2i
        const double angle =
            static_cast<double>(t) / std::pow(10000.0, pair / static_cast<double>(features_));
        sinusoid_[t * features_ + d] =
            static_cast<float>(d % 2 == 0 ? std::sin(angle) : std::cos(angle));
      }
  }
}

LayerSpec PositionalEncoding::spec() const {
  return {"positional_encoding",
          {{"kind", std::string(kind_ == Kind::learned ? "learned" : "sinusoidal")}}};
}

std::vector<ParameterInfo> PositionalEncoding::parameters() const {
  if (kind_ == Kind::sinusoidal) return {};
  return {{"weight", {tokens_, features_}, false}};
}

void PositionalEncoding::bind(std::span<float> params, std::span<float> grads) {
  if (kind_ == Kind::sinusoidal) return;
  weight_ = params.first(tokens_ * features_);
  weight_grad_ = grads.first(tokens_ * features_);
}

void PositionalEncoding::initialize(Rng& rng) {
  for (float& w : weight_) w = static_cast<float>(rng.normal());
}

std::span<const float> PositionalEncoding::encoding() const {
  return kind_ == Kind::sinusoidal ? std::span<const float>(sinusoid_) : weight_;
}

void PositionalEncoding::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::span<const float> pe = encoding();
  const std::size_t per_sample = tokens_ * features_;
  for (std::size_t n = 0; n < batch; ++n)
    for (std::size_t i = 0; i < per_sample; ++i)
      y[n * per_sample + i] = x[n * per_sample + i] + pe[i];
}

void PositionalEncoding::backward(std::span<const float> /*x*/, std::span<const float> /*y*/,
                                  std::span<const float> dy, std::span<float> dx,
                                  std::size_t batch) {
  const std::size_t per_sample = tokens_ * features_;
  if (kind_ == Kind::learned)
    for (std::size_t n = 0; n < batch; ++n)
      for (std::size_t i = 0; i < per_sample; ++i) weight_grad_[i] += dy[n * per_sample + i];
  if (!dx.empty()) std::copy_n(dy.begin(), batch * per_sample, dx.begin());
}

}  // namespace glassbox

namespace glassbox {
namespace {

// The table is computed as the constructor above computes it: in double
// (Python floats, the same C library's pow/sin/cos), rounded once to float32.
constexpr const char* sinusoidal_class = R"PY(class SinusoidalPositions(nn.Module):
    """y[t] = x[t] + PE[t] on (N, T, D): PE[t, 2i] = sin(t / 10000^(2i/D)),
    PE[t, 2i+1] = cos(t / 10000^(2i/D)); fixed, so not in the model file."""

    def __init__(self, tokens, features):
        super().__init__()
        table = [[(math.sin if d % 2 == 0 else math.cos)(t / math.pow(10000.0, (d - d % 2) / features))
                  for d in range(features)] for t in range(tokens)]
        self.register_buffer("pe", torch.tensor(table, dtype=torch.float64).float(), persistent=False)

    def forward(self, x):
        return x + self.pe)PY";

constexpr const char* learned_class = R"PY(class LearnedPositions(nn.Module):
    """y[t] = x[t] + weight[t] on (N, T, D): a trained (T, D) table."""

    def __init__(self, tokens, features):
        super().__init__()
        self.weight = nn.Parameter(torch.zeros(tokens, features))

    def forward(self, x):
        return x + self.weight)PY";

}  // namespace

TorchModule PositionalEncoding::to_torch() const {
  // Appended piece by piece: GCC 12 misreads "(" + std::to_string(...) (-Wrestrict).
  std::string sizes = "(";
  sizes += std::to_string(tokens_);
  sizes += ", ";
  sizes += std::to_string(features_);
  sizes += ")";
  if (kind_ == Kind::learned) return {"LearnedPositions" + sizes, {}, {learned_class}};
  return {"SinusoidalPositions" + sizes, {}, {sinusoidal_class}};
}

// y = x + PE, PE (T, D) broadcast over the batch of (N, T, D): the fixed
// sin/cos table (the float32 values the engine adds) as a constant "pe", or
// the learned parameter "weight".
std::string PositionalEncoding::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const std::vector<std::int64_t> dims{static_cast<std::int64_t>(tokens_),
                                       static_cast<std::int64_t>(features_)};
  const std::string table =
      graph.initializer(kind_ == Kind::learned ? "weight" : "pe", dims, encoding());
  return graph.add("Add", {input, table}, "output");
}

}  // namespace glassbox
