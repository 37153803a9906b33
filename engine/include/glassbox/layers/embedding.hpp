#pragma once
// Embedding: a lookup table from token ids to vectors, as PyTorch's
// nn.Embedding(V, D) (same name "weight", same layout (V, D), same N(0, 1)
// initialization).
//   x: (T) token ids (exact floats, each a whole number in [0, V))
//   W: (V, D)
//   y[t] = W[x[t]]                        y: (T, D)
// Backward: dW[x[t]] += dy[t] (a token that occurs twice gets both rows);
// ids are not differentiable, so dx (when asked for) is zero.
// The table itself is the parameter "weight": the page reads it with
// Model::tensor(layer, "weight").
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Embedding final : public Layer {
public:
  Embedding(const Shape& input, std::size_t vocabulary, std::size_t dimension);
  static LayerType type_info();

  std::string_view type() const override { return "embedding"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

  std::size_t vocabulary() const { return vocabulary_; }
  std::size_t dimension() const { return dimension_; }
  std::span<const float> table() const { return weight_; }

private:
  // The id at x[i], or throws Error naming the position and the allowed range.
  std::size_t id_at(std::span<const float> x, std::size_t i) const;

  std::size_t tokens_, vocabulary_, dimension_;
  std::span<float> weight_, weight_grad_;
};

}  // namespace glassbox
