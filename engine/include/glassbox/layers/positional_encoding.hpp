#pragma once
// Positional encoding, added to a sequence (T, D) so that attention, which
// by itself treats its input as an unordered set, can tell positions apart.
//   y[t] = x[t] + PE[t]                    x, y: (T, D)
// "sinusoidal" (Vaswani et al. 2017, fixed, no parameters), for i < D/2:
//   PE[t][2i]   = sin(t / 10000^(2i/D))
//   PE[t][2i+1] = cos(t / 10000^(2i/D))
// "learned": PE is a parameter "weight" (T, D), drawn N(0, 1) as an
//   nn.Embedding(T, D) of positions would be (GPT-2's wpe).
// Backward: dx = dy; dPE += Σ_n dy (learned only).
#include <vector>

#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class PositionalEncoding final : public Layer {
public:
  enum class Kind { sinusoidal, learned };
  PositionalEncoding(const Shape& input, Kind kind);
  static LayerType type_info();

  std::string_view type() const override { return "positional_encoding"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

  Kind kind() const { return kind_; }
  // PE (T, D): the fixed sin/cos table, or the learned parameter.
  std::span<const float> encoding() const;

private:
  Kind kind_;
  std::size_t tokens_, features_;
  std::vector<float> sinusoid_;  // (T, D), built once in the constructor
  std::span<float> weight_, weight_grad_;
};

}  // namespace glassbox
