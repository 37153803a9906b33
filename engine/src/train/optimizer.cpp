#include "glassbox/train/optimizer.hpp"

#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

void require_range(float value, float low, float high, bool high_open, const std::string& field) {
  const bool ok =
      std::isfinite(value) && value >= low && (high_open ? value < high : value <= high);
  require(ok, field + " must be in [" + std::to_string(low) + ", " + std::to_string(high) +
                  (high_open ? ")" : "]") + ", got " + std::to_string(value));
}

}  // namespace

std::vector<std::string> optimizer_names() {
  return {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"};
}

void OptimizerOptions::validate() const {
  bool known = false;
  for (const auto& n : optimizer_names()) known = known || name == n;
  require(known, "unknown optimizer '" + name +
                     "'; use sgd, momentum, nesterov, adagrad, rmsprop, adam or adamw");
  require(std::isfinite(learning_rate) && learning_rate > 0.0f && learning_rate <= 10.0f,
          "learning rate must be a number in (0, 10], got " + std::to_string(learning_rate));
  require_range(momentum, 0.0f, 1.0f, true, "momentum");
  require_range(rho, 0.0f, 1.0f, true, "rho");
  require_range(beta1, 0.0f, 1.0f, true, "beta1");
  require_range(beta2, 0.0f, 1.0f, true, "beta2");
  require(std::isfinite(epsilon) && epsilon > 0.0f && epsilon <= 1.0f,
          "epsilon must be in (0, 1], got " + std::to_string(epsilon));
  require_range(weight_decay, 0.0f, 1.0f, false, "weight decay");
  require(weight_decay == 0.0f || name == "adamw",
          "weight decay is decoupled and belongs to adamw; for other optimizers use an L2 penalty");
}

Optimizer::Optimizer(float lr) : learning_rate_(lr) {
  set_learning_rate(lr);
}

void Optimizer::set_learning_rate(float lr) {
  require(std::isfinite(lr) && lr > 0.0f,
          "learning rate must be a positive number, got " + std::to_string(lr));
  learning_rate_ = lr;
}

bool Optimizer::ensure_state(std::size_t count, std::vector<float>& state) {
  if (state.size() == count) return false;
  state.assign(count, 0.0f);
  return true;
}

// Each step() below is one pass over the flat buffers. The settings are
// copied into locals and the buffers into __restrict pointers first: a member
// read inside the loop could alias the float stores, which kept every loop
// scalar (Adam was 27% of an MLP step). The arithmetic, and so every result
// bit, is the same as the textbook per-element formula in the comments.

void Sgd::step(std::span<float> params, std::span<const float> grads) {
  // θ ← θ − η g
  const float lr = learning_rate_;
  float* __restrict p = params.data();
  const float* __restrict g = grads.data();
  const std::size_t n = params.size();
  for (std::size_t i = 0; i < n; ++i) p[i] -= lr * g[i];
}

Momentum::Momentum(float lr, float momentum, bool nesterov)
    : Optimizer(lr), momentum_(momentum), nesterov_(nesterov) {}

void Momentum::step(std::span<float> params, std::span<const float> grads) {
  // v ← μ v + g; θ ← θ − η (g + μ v) (Nesterov) or θ − η v
  ensure_state(params.size(), velocity_);
  const float lr = learning_rate_, mu = momentum_;
  float* __restrict p = params.data();
  float* __restrict v = velocity_.data();
  const float* __restrict g = grads.data();
  const std::size_t n = params.size();
  if (nesterov_) {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = mu * v[i] + g[i];
      p[i] -= lr * (g[i] + mu * v[i]);
    }
  } else {
    for (std::size_t i = 0; i < n; ++i) {
      v[i] = mu * v[i] + g[i];
      p[i] -= lr * v[i];
    }
  }
}

Adagrad::Adagrad(float lr, float epsilon) : Optimizer(lr), epsilon_(epsilon) {}

void Adagrad::step(std::span<float> params, std::span<const float> grads) {
  // G ← G + g²; θ ← θ − η g / (√G + ε)
  ensure_state(params.size(), sum_squares_);
  const float lr = learning_rate_, eps = epsilon_;
  float* __restrict p = params.data();
  float* __restrict sum = sum_squares_.data();
  const float* __restrict g = grads.data();
  const std::size_t n = params.size();
  for (std::size_t i = 0; i < n; ++i) {
    sum[i] += g[i] * g[i];
    p[i] -= lr * g[i] / (std::sqrt(sum[i]) + eps);
  }
}

RmsProp::RmsProp(float lr, float rho, float epsilon)
    : Optimizer(lr), rho_(rho), epsilon_(epsilon) {}

void RmsProp::step(std::span<float> params, std::span<const float> grads) {
  // s ← ρ s + (1 − ρ) g²; θ ← θ − η g / (√s + ε)
  ensure_state(params.size(), mean_square_);
  const float lr = learning_rate_, rho = rho_, keep = 1.0f - rho_, eps = epsilon_;
  float* __restrict p = params.data();
  float* __restrict s = mean_square_.data();
  const float* __restrict g = grads.data();
  const std::size_t n = params.size();
  for (std::size_t i = 0; i < n; ++i) {
    s[i] = rho * s[i] + keep * g[i] * g[i];
    p[i] -= lr * g[i] / (std::sqrt(s[i]) + eps);
  }
}

Adam::Adam(float lr, float beta1, float beta2, float epsilon, float weight_decay)
    : Optimizer(lr), beta1_(beta1), beta2_(beta2), epsilon_(epsilon), weight_decay_(weight_decay) {}

void Adam::step(std::span<float> params, std::span<const float> grads) {
  if (ensure_state(params.size(), m_)) {
    v_.assign(params.size(), 0.0f);
    t_ = 0;
  }
  ++t_;
  const float correction1 = 1.0f - static_cast<float>(std::pow(beta1_, static_cast<double>(t_)));
  const float correction2 = 1.0f - static_cast<float>(std::pow(beta2_, static_cast<double>(t_)));
  // m ← β₁ m + (1 − β₁) g; v ← β₂ v + (1 − β₂) g²; m̂ = m / (1 − β₁ᵗ),
  // v̂ = v / (1 − β₂ᵗ); θ ← θ − η λ θ (AdamW; λ = 0 for Adam);
  // θ ← θ − η m̂ / (√v̂ + ε). The corrections (1 − βᵗ) are computed once per
  // step above; the divisions by them stay divisions (not a multiply by a
  // reciprocal), so the numbers equal the formula's bit for bit.
  const float b1 = beta1_, b2 = beta2_, keep1 = 1.0f - beta1_, keep2 = 1.0f - beta2_;
  const float lr = learning_rate_, decay = learning_rate_ * weight_decay_, eps = epsilon_;
  float* __restrict p = params.data();
  float* __restrict m = m_.data();
  float* __restrict v = v_.data();
  const float* __restrict g = grads.data();
  const std::size_t n = params.size();
  for (std::size_t i = 0; i < n; ++i) {
    m[i] = b1 * m[i] + keep1 * g[i];
    v[i] = b2 * v[i] + keep2 * g[i] * g[i];
    const float m_hat = m[i] / correction1;
    const float v_hat = v[i] / correction2;
    p[i] -= decay * p[i];
    p[i] -= lr * m_hat / (std::sqrt(v_hat) + eps);
  }
}

std::vector<StepQuantity> Momentum::quantities() const {
  return {{"velocity", "v ← μ v + g", velocity_}};
}

std::vector<StepQuantity> Adagrad::quantities() const {
  return {{"sum_squares", "G ← G + g²", sum_squares_}};
}

std::vector<StepQuantity> RmsProp::quantities() const {
  return {{"mean_square", "s ← ρ s + (1 − ρ) g²", mean_square_}};
}

std::vector<StepQuantity> Adam::quantities() const {
  // The bias-corrected moments of the last step, as step() computed them.
  const float correction1 = 1.0f - static_cast<float>(std::pow(beta1_, static_cast<double>(t_)));
  const float correction2 = 1.0f - static_cast<float>(std::pow(beta2_, static_cast<double>(t_)));
  std::vector<float> m_hat(m_.size()), v_hat(v_.size());
  for (std::size_t i = 0; i < m_.size(); ++i) {
    m_hat[i] = m_[i] / correction1;
    v_hat[i] = v_[i] / correction2;
  }
  return {{"m", "m ← β₁ m + (1 − β₁) g", m_},
          {"v", "v ← β₂ v + (1 − β₂) g²", v_},
          {"m_hat", "m̂ = m / (1 − β₁ᵗ), t = " + std::to_string(t_), m_hat},
          {"v_hat", "v̂ = v / (1 − β₂ᵗ), t = " + std::to_string(t_), v_hat}};
}

std::unique_ptr<Optimizer> make_optimizer(const OptimizerOptions& o) {
  o.validate();
  if (o.name == "sgd") return std::make_unique<Sgd>(o.learning_rate);
  if (o.name == "momentum") return std::make_unique<Momentum>(o.learning_rate, o.momentum, false);
  if (o.name == "nesterov") return std::make_unique<Momentum>(o.learning_rate, o.momentum, true);
  if (o.name == "adagrad") return std::make_unique<Adagrad>(o.learning_rate, o.epsilon);
  if (o.name == "rmsprop") return std::make_unique<RmsProp>(o.learning_rate, o.rho, o.epsilon);
  const float decay = o.name == "adamw" ? o.weight_decay : 0.0f;
  return std::make_unique<Adam>(o.learning_rate, o.beta1, o.beta2, o.epsilon, decay);
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate) {
  OptimizerOptions options;
  options.name = name;
  options.learning_rate = learning_rate;
  if (name == "adamw") options.weight_decay = 0.01f;
  return make_optimizer(options);
}

}  // namespace glassbox
