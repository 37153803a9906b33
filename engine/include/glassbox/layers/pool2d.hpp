#pragma once
// Non-overlapping max or average pooling over size × size windows of an
// image (C, H, W) → (C, H/size, W/size). Math in kernels/conv.hpp.
#include "glassbox/kernels/conv.hpp"
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Pool2D final : public Layer {
public:
  enum class Kind { max, average };
  Pool2D(Kind kind, const Shape& input, std::size_t size);
  static LayerType type_info(Kind kind);

  std::string_view type() const override { return kind_ == Kind::max ? "maxpool2d" : "avgpool2d"; }
  LayerSpec spec() const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;

private:
  Kind kind_;
  PoolGeometry g_;
};

}  // namespace glassbox
