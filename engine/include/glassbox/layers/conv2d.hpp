#pragma once
// Conv2D: y = conv(x, W) + b, x: (C, H, W), W: (OC, C, k, k) (PyTorch's
// layout), b: (OC) → y: (OC, OH, OW). Math in kernels/conv.hpp (im2col + GEMM).
// Default init He (normal) with fan-in C·k·k. Workspace: the patch matrix and
// its gradient, 2 × C·k·k × OH·OW floats, reused sample by sample.
#include "glassbox/kernels/conv.hpp"
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/init.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Conv2D final : public Layer {
public:
  Conv2D(const Shape& input, std::size_t filters, std::size_t kernel, std::size_t stride,
         std::size_t padding, Init init);
  static LayerType type_info();

  std::string_view type() const override { return "conv2d"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  std::size_t workspace_size(std::size_t batch) const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  // With a relu or leaky_relu next: y and f(y) in one pass (kernels/conv.hpp).
  bool forward_with_next(std::span<const float> x, std::span<float> y, const Layer& next,
                         std::span<float> next_y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  const ConvGeometry& geometry() const { return g_; }

private:
  ConvGeometry g_;
  Init init_;
  std::span<float> weight_, bias_, weight_grad_, bias_grad_;
};

// An image layer's input must be (C, H, W); throws Error otherwise.
void require_image(const Shape& input, const std::string& what);

}  // namespace glassbox
