#pragma once
// Dense (fully connected) on the last axis, as PyTorch's nn.Linear:
//   x: (R, in) with R = N · prod(input_shape[:-1]) rows, W: (in, out), b: (out)
//   y = x · W + b                          y: (R, out)
// Backward:
//   dW += xᵀ · dy   (in, out)
//   db += Σ_r dy_r  (out)
//   dx  = dy · Wᵀ   (R, in)
// On a sequence (T, D) it maps every time step with the same W. Our W is
// (in, out); nn.Linear stores its transpose (out, in).
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/init.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Dense final : public Layer {
public:
  Dense(const Shape& input, std::size_t units, Init init);
  static LayerType type_info();

  std::string_view type() const override { return "dense"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  // With a relu or leaky_relu next: y and f(y) in one pass
  // (kernels/dense_activation.hpp).
  bool forward_with_next(std::span<const float> x, std::span<float> y, const Layer& next,
                         std::span<float> next_y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;

  std::size_t inputs() const { return inputs_; }
  std::size_t units() const { return outputs_; }
  Init init() const { return init_; }
  std::span<const float> weight() const { return weight_; }
  std::span<const float> bias() const { return bias_; }

private:
  std::size_t inputs_, outputs_, rows_per_sample_;
  Init init_;
  std::span<float> weight_, bias_, weight_grad_, bias_grad_;
};

}  // namespace glassbox
