#pragma once
// BatchNorm (kernels/normalization.hpp), γ starting at 1, β at 0:
// per channel of an image (C, H, W) (PyTorch's BatchNorm2d), else per feature
// of the last axis over all N · prod(shape[:-1]) rows (BatchNorm1d).
// Training mode uses batch statistics and updates the running ones (momentum
// 0.1); eval mode uses the running statistics, saved in the model file.
// Cache: the batch mean and 1/σ of the last training forward (2 × C floats).
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class BatchNorm final : public Layer {
public:
  explicit BatchNorm(const Shape& input, float momentum = 0.1f, float epsilon = 1e-5f);
  static LayerType type_info();

  std::string_view type() const override { return "batchnorm"; }
  LayerSpec spec() const override { return {"batchnorm"}; }
  std::vector<ParameterInfo> parameters() const override;
  std::vector<ParameterInfo> state() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void bind_state(std::span<float> state) override;
  void initialize(Rng& rng) override;
  void set_training(bool training) override { training_ = training; }
  std::size_t cache_size(std::size_t /*batch*/) const override { return 2 * channels_; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;

private:
  std::size_t channels_, spatial_, rows_;  // x viewed as (N · rows_, channels_, spatial_)
  float momentum_, epsilon_;
  bool training_ = false;
  std::span<float> gamma_, beta_, dgamma_, dbeta_, running_mean_, running_var_;
};

}  // namespace glassbox
