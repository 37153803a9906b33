#pragma once
// Activation layer: y = f(x) elementwise, dx = dy ⊙ f'(x) (kernels/activations.hpp);
// softmax acts on the last axis. Keeps its input's shape. One registry entry
// per activation kind; leaky_relu and elu take "alpha".
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Activation final : public Layer {
public:
  Activation(const Shape& input, ActivationKind kind, float alpha);
  static LayerType type_info(ActivationKind kind);

  std::string_view type() const override { return name_; }
  LayerSpec spec() const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  // "pre_activation": z, what f was applied to.
  std::vector<Internal> internals(std::span<const float> x, std::span<const float> y,
                                  std::size_t batch) const override;

  ActivationKind kind() const { return kind_; }
  float alpha() const { return alpha_; }

private:
  ActivationKind kind_;
  float alpha_;
  std::string name_;
};

// `next` as an activation a GEMM can apply as it stores its output
// (fusable_activation: relu, leaky_relu), or null: what a dense or conv
// layer's forward_with_next asks of the layer after it.
const Activation* fusable_activation_layer(const Layer& next);

}  // namespace glassbox
