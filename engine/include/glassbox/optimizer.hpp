#pragma once
// Optimizers update the model's flat parameter buffer θ from its flat
// gradient buffer g, in one loop over all parameters.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

class Optimizer {
public:
  virtual ~Optimizer() = default;
  virtual void step(std::span<float> params, std::span<const float> grads) = 0;
  virtual std::string name() const = 0;
  void set_learning_rate(float lr) { learning_rate_ = lr; }
  float learning_rate() const { return learning_rate_; }

protected:
  explicit Optimizer(float lr);
  float learning_rate_;
};

// Plain stochastic gradient descent: θ ← θ − η g
class Sgd final : public Optimizer {
public:
  explicit Sgd(float lr) : Optimizer(lr) {}
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return "sgd"; }
};

// Adam (Kingma & Ba, 2015), at step t = 1, 2, ...:
//   m ← β1 m + (1 − β1) g
//   v ← β2 v + (1 − β2) g²
//   m̂ = m / (1 − β1ᵗ),  v̂ = v / (1 − β2ᵗ)
//   θ ← θ − η m̂ / (√v̂ + ε)
class Adam final : public Optimizer {
public:
  explicit Adam(float lr, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f);
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return "adam"; }

private:
  float beta1_, beta2_, epsilon_;
  std::size_t t_ = 0;
  std::vector<float> m_, v_;
};

// "sgd" or "adam"; throws Error for anything else.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate);

}  // namespace glassbox
