#pragma once
// The concrete layers. Each obeys the contract in layer.hpp.
#include <cstdint>

#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/layer.hpp"

namespace glassbox {

// Weight initializers (biases always start at zero). n_in, n_out: fan-in, fan-out.
enum class Init {
  zeros,           // W = 0
  uniform,         // W ~ U(−0.05, 0.05)
  normal,          // W ~ N(0, 0.05²)
  xavier_uniform,  // W ~ U(±√(6/(n_in + n_out)))   Glorot & Bengio 2010; alias "xavier"
  xavier_normal,   // W ~ N(0, 2/(n_in + n_out))
  he_uniform,      // W ~ U(±√(6/n_in))             He et al. 2015, for ReLU
  he_normal,       // W ~ N(0, 2/n_in); alias "he"
  lecun,           // W ~ N(0, 1/n_in)               LeCun et al. 1998, for SELU/tanh
};
std::string init_name(Init init);
// Accepts the names above and the aliases "he" and "xavier".
Init parse_init(const std::string& name);
// Fills `weights` (fan_in × fan_out values) from `rng`.
void initialize_weights(Init init, std::span<float> weights, std::size_t fan_in,
                        std::size_t fan_out, Rng& rng);

// Dense (fully connected): y = x · W + b
//   x: (N, in), W: (in, out), b: (out), y: (N, out)
// Backward:
//   dW += xᵀ · dy   (in, out)
//   db += Σ_n dy_n  (out)
//   dx  = dy · Wᵀ   (N, in)
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

// Activation layer: y = f(x) elementwise (softmax: per row); dx = dy ⊙ f'(x).
class Activation final : public Layer {
public:
  Activation(ActivationKind kind, float alpha, std::size_t size)
      : kind_(kind), alpha_(alpha), size_(size) {}

  std::string type() const override { return activation_name(kind_); }
  std::size_t input_size() const override { return size_; }
  std::size_t output_size() const override { return size_; }
  // Keeps an image's (C, H, W) shape visible to the next layer.
  void set_shape(const Shape& shape) { shape_ = shape; }
  Shape output_shape() const override { return shape_.empty() ? Shape{size_} : shape_; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  ActivationKind kind_;
  float alpha_;
  std::size_t size_;
  Shape shape_;
};

// Inverted dropout with rate p (Srivastava et al. 2014).
//   training: m_i ~ Bernoulli(1 − p),  y = x ⊙ m / (1 − p),  dx = dy ⊙ m / (1 − p)
//   eval:     y = x,  dx = dy
// Masks come from the layer's own Rng, seeded by the model seed: a seed
// gives the same masks in every build.
class Dropout final : public Layer {
public:
  Dropout(float rate, std::size_t size);

  std::string type() const override { return "dropout"; }
  std::size_t input_size() const override { return size_; }
  std::size_t output_size() const override { return size_; }
  void set_shape(const Shape& shape) { shape_ = shape; }
  Shape output_shape() const override { return shape_.empty() ? Shape{size_} : shape_; }
  void initialize(Rng& rng) override;
  void set_training(bool training) override { training_ = training; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

private:
  float rate_;
  std::size_t size_;
  Shape shape_;
  bool training_ = false;
  Rng rng_{0};
  std::vector<float> scale_;  // m / (1 − p) of the last training forward
};

}  // namespace glassbox
