#pragma once
// LayerNorm (kernels/normalization.hpp) over the last axis, with per-feature
// γ (starting at 1) and β (at 0), as PyTorch's nn.LayerNorm(D): on (T, D),
// every time step is normalized on its own.
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class LayerNorm final : public Layer {
public:
  explicit LayerNorm(const Shape& input, float epsilon = 1e-5f);
  static LayerType type_info();

  std::string_view type() const override { return "layernorm"; }
  LayerSpec spec() const override { return {"layernorm"}; }
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;

private:
  std::size_t features_, rows_;
  float epsilon_;
  std::span<float> gamma_, beta_, dgamma_, dbeta_;
};

}  // namespace glassbox
