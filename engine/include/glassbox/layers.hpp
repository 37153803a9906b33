#pragma once
// The concrete layers. Each obeys the contract in layer.hpp.
#include "glassbox/layer.hpp"

namespace glassbox {

enum class Init { he, xavier };
std::string init_name(Init init);
Init parse_init(const std::string& name);

// Dense (fully connected): y = x · W + b
//   x: (N, in), W: (in, out), b: (out), y: (N, out)
// Backward:
//   dW += xᵀ · dy   (in, out)
//   db += Σ_n dy_n  (out)
//   dx  = dy · Wᵀ   (N, in)
// Init: He, W ~ N(0, 2/in) (for ReLU); Xavier/Glorot, W ~ U(±√(6/(in+out))).
// Biases start at zero.
class Dense final : public Layer {
public:
  Dense(std::size_t inputs, std::size_t outputs, Init init);

  std::string type() const override { return "dense"; }
  std::size_t input_size() const override { return inputs_; }
  std::size_t output_size() const override { return outputs_; }
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

  Init init() const { return init_; }
  std::span<const float> weight() const { return weight_; }
  std::span<const float> bias() const { return bias_; }

private:
  std::size_t inputs_, outputs_;
  Init init_;
  std::span<float> weight_, bias_, weight_grad_, bias_grad_;
};

// Elementwise activation layer (ReLU or sigmoid): y = f(x), dx = dy ⊙ f'(x).
class Activation final : public Layer {
public:
  enum class Kind { relu, sigmoid };
  Activation(Kind kind, std::size_t size) : kind_(kind), size_(size) {}

  std::string type() const override;
  std::size_t input_size() const override { return size_; }
  std::size_t output_size() const override { return size_; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  Kind kind_;
  std::size_t size_;
};

}  // namespace glassbox
