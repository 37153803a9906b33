#pragma once
// Normalization layers (math in normalization.hpp). γ starts at 1, β at 0.
#include "glassbox/kernels/normalization.hpp"
#include "glassbox/layers/layers.hpp"

namespace glassbox {

// BatchNorm per channel of an image (C, H, W), or per feature of a flat input.
// Training mode uses batch statistics and updates the running ones (momentum
// 0.1); eval mode uses the running statistics, saved in the model file.
class BatchNorm final : public Layer {
public:
  explicit BatchNorm(const Shape& input, float momentum = 0.1f, float epsilon = 1e-5f);

  std::string type() const override { return "batchnorm"; }
  std::size_t input_size() const override { return channels_ * spatial_; }
  std::size_t output_size() const override { return channels_ * spatial_; }
  Shape output_shape() const override { return shape_; }
  std::vector<ParameterInfo> parameters() const override;
  std::vector<ParameterInfo> state() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void bind_state(std::span<float> state) override;
  void initialize(Rng& rng) override;
  void set_training(bool training) override { training_ = training; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  Shape shape_;
  std::size_t channels_, spatial_;
  float momentum_, epsilon_;
  bool training_ = false;
  std::span<float> gamma_, beta_, dgamma_, dbeta_, running_mean_, running_var_;
  std::vector<float> batch_mean_, batch_inv_std_;  // of the last training forward
};

// LayerNorm over all of a sample's features, with per-feature γ and β.
class LayerNorm final : public Layer {
public:
  explicit LayerNorm(const Shape& input, float epsilon = 1e-5f);

  std::string type() const override { return "layernorm"; }
  std::size_t input_size() const override { return features_; }
  std::size_t output_size() const override { return features_; }
  Shape output_shape() const override { return shape_; }
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  Shape shape_;
  std::size_t features_;
  float epsilon_;
  std::span<float> gamma_, beta_, dgamma_, dbeta_;
};

}  // namespace glassbox
