#pragma once
// Optimizers update the model's flat parameter buffer θ from its flat
// gradient buffer g, in one loop over all parameters. η is the learning rate;
// t = 1, 2, ... counts steps. State (velocities, moments) starts at zero.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace glassbox {

struct OptimizerOptions {
  std::string name = "adam";  // sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw
  float learning_rate = 1e-3f;
  float momentum = 0.9f;  // μ for momentum and nesterov
  float rho = 0.9f;       // RMSprop's decay ρ
  float beta1 = 0.9f, beta2 = 0.999f;
  float epsilon = 1e-8f;
  float weight_decay = 0.0f;  // λ, AdamW only (decoupled); use an L2 penalty elsewhere
  // Throws Error naming the field and its allowed range.
  void validate() const;
};

// One per-parameter quantity an optimizer keeps, as of its last step, for the
// step-through (Adam: m, v, m̂, v̂). `values` is laid out like the parameters.
struct StepQuantity {
  std::string name;     // "m", "v", "m_hat", "v_hat", "velocity", ...
  std::string meaning;  // one line, with the formula
  std::vector<float> values;
};

// An optimizer's whole mutable state, for checkpoints: its per-parameter
// buffers by name (Adam: m, v), its step count t and its learning rate.
struct OptimizerState {
  std::vector<std::pair<std::string, std::vector<float>>> buffers;
  std::uint64_t steps = 0;
  float learning_rate = 0.0f;
};

class Optimizer {
public:
  virtual ~Optimizer() = default;
  virtual void step(std::span<float> params, std::span<const float> grads) = 0;
  virtual std::string name() const = 0;
  // A copy with the same settings and state: the step-through steps a copy,
  // so the run it shows is not changed.
  virtual std::unique_ptr<Optimizer> clone() const = 0;
  // Its per-parameter state after the last step (none for plain SGD).
  virtual std::vector<StepQuantity> quantities() const { return {}; }
  void set_learning_rate(float lr);
  float learning_rate() const { return learning_rate_; }
  OptimizerState save_state() const;
  // Takes back what save_state gave (same optimizer kind); throws Error naming
  // a missing or extra buffer. Buffers of another length than `parameter_count`
  // are refused.
  void load_state(const OptimizerState& state, std::size_t parameter_count);

protected:
  // The buffers a subclass keeps (named, in a fixed order) and its step count.
  virtual std::vector<std::pair<std::string, std::vector<float>*>> buffers() { return {}; }
  virtual std::uint64_t* step_count() { return nullptr; }
  explicit Optimizer(float lr);
  // Resets per-parameter state when the parameter count changes.
  bool ensure_state(std::size_t count, std::vector<float>& state);
  float learning_rate_;
};

// SGD: θ ← θ − η g
class Sgd final : public Optimizer {
public:
  explicit Sgd(float lr) : Optimizer(lr) {}
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return "sgd"; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Sgd>(*this); }
};

// Momentum (heavy ball):  v ← μ v + g;  θ ← θ − η v
// Nesterov:               v ← μ v + g;  θ ← θ − η (g + μ v)
class Momentum final : public Optimizer {
public:
  Momentum(float lr, float momentum, bool nesterov);
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return nesterov_ ? "nesterov" : "momentum"; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Momentum>(*this); }
  std::vector<StepQuantity> quantities() const override;

private:
  std::vector<std::pair<std::string, std::vector<float>*>> buffers() override {
    return {{"velocity", &velocity_}};
  }
  float momentum_;
  bool nesterov_;
  std::vector<float> velocity_;
};

// Adagrad (Duchi et al. 2011):  G ← G + g²;  θ ← θ − η g / (√G + ε)
class Adagrad final : public Optimizer {
public:
  Adagrad(float lr, float epsilon);
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return "adagrad"; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adagrad>(*this); }
  std::vector<StepQuantity> quantities() const override;

private:
  std::vector<std::pair<std::string, std::vector<float>*>> buffers() override {
    return {{"sum_squares", &sum_squares_}};
  }
  float epsilon_;
  std::vector<float> sum_squares_;
};

// RMSprop (Hinton 2012):  s ← ρ s + (1 − ρ) g²;  θ ← θ − η g / (√s + ε)
class RmsProp final : public Optimizer {
public:
  RmsProp(float lr, float rho, float epsilon);
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return "rmsprop"; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<RmsProp>(*this); }
  std::vector<StepQuantity> quantities() const override;

private:
  std::vector<std::pair<std::string, std::vector<float>*>> buffers() override {
    return {{"mean_square", &mean_square_}};
  }
  float rho_, epsilon_;
  std::vector<float> mean_square_;
};

// Adam (Kingma & Ba 2015):
//   m ← β1 m + (1 − β1) g,   v ← β2 v + (1 − β2) g²
//   m̂ = m / (1 − β1ᵗ),       v̂ = v / (1 − β2ᵗ)
//   θ ← θ − η m̂ / (√v̂ + ε)
// AdamW (Loshchilov & Hutter 2019) decouples weight decay from the gradient:
//   θ ← θ − η λ θ,  then the Adam step above.
class Adam final : public Optimizer {
public:
  explicit Adam(float lr, float beta1 = 0.9f, float beta2 = 0.999f, float epsilon = 1e-8f,
                float weight_decay = 0.0f);
  void step(std::span<float> params, std::span<const float> grads) override;
  std::string name() const override { return weight_decay_ > 0.0f ? "adamw" : "adam"; }
  std::unique_ptr<Optimizer> clone() const override { return std::make_unique<Adam>(*this); }
  std::vector<StepQuantity> quantities() const override;

private:
  std::vector<std::pair<std::string, std::vector<float>*>> buffers() override {
    return {{"m", &m_}, {"v", &v_}};
  }
  std::uint64_t* step_count() override { return &t_; }
  float beta1_, beta2_, epsilon_, weight_decay_;
  std::uint64_t t_ = 0;
  std::vector<float> m_, v_;
};

// Every optimizer name make_optimizer accepts, in teaching order.
std::vector<std::string> optimizer_names();
// Builds the optimizer `options.name` names; throws Error for bad options.
std::unique_ptr<Optimizer> make_optimizer(const OptimizerOptions& options);
// Shorthand with default hyperparameters.
std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate);

}  // namespace glassbox
