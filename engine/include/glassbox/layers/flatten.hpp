#pragma once
// Flatten: any per-sample shape → (prod(shape)), the same numbers in the same
// order. Dense acts on the last axis, so an image reaches a dense classifier
// through an explicit flatten (PyTorch's nn.Flatten).
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Flatten final : public Layer {
public:
  explicit Flatten(const Shape& input) : Layer(input, {element_count(input)}) {}
  static LayerType type_info();

  std::string_view type() const override { return "flatten"; }
  LayerSpec spec() const override { return {"flatten"}; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
};

}  // namespace glassbox
