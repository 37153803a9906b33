#pragma once
// Layers over images (C, H, W): convolution, pooling, flattening. Each obeys
// the contract in layer.hpp; the math is in conv.hpp.
#include "glassbox/kernels/conv.hpp"
#include "glassbox/layers/layers.hpp"

namespace glassbox {

// Conv2D: y = conv(x, W) + b, W: (OC, C, k, k), b: (OC); input (C, H, W) →
// output (OC, OH, OW). Default init He (normal) with fan-in C·k·k.
class Conv2D final : public Layer {
public:
  Conv2D(const Shape& input, std::size_t filters, std::size_t kernel, std::size_t stride,
         std::size_t padding, Init init);

  std::string type() const override { return "conv2d"; }
  std::size_t input_size() const override;
  std::size_t output_size() const override;
  Shape output_shape() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  const ConvGeometry& geometry() const { return g_; }

private:
  ConvGeometry g_;
  Init init_;
  std::span<float> weight_, bias_, weight_grad_, bias_grad_;
  std::vector<float> columns_, dcolumns_;
};

// Non-overlapping max or average pooling over size × size windows.
class Pool2D final : public Layer {
public:
  enum class Kind { max, average };
  Pool2D(Kind kind, const Shape& input, std::size_t size);

  std::string type() const override { return kind_ == Kind::max ? "maxpool2d" : "avgpool2d"; }
  std::size_t input_size() const override;
  std::size_t output_size() const override;
  Shape output_shape() const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  Kind kind_;
  PoolGeometry g_;
};

// Flatten: (C, H, W) → (C·H·W), the same numbers in the same order.
class Flatten final : public Layer {
public:
  explicit Flatten(const Shape& input) : size_(element_count(input)) {}
  std::string type() const override { return "flatten"; }
  std::size_t input_size() const override { return size_; }
  std::size_t output_size() const override { return size_; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  std::size_t size_;
};

}  // namespace glassbox
