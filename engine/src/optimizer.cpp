#include "glassbox/optimizer.hpp"

#include <cmath>

#include "glassbox/error.hpp"

namespace glassbox {

Optimizer::Optimizer(float lr) : learning_rate_(lr) {
  require(std::isfinite(lr) && lr > 0.0f,
          "learning rate must be a positive number, got " + std::to_string(lr));
}

void Sgd::step(std::span<float> params, std::span<const float> grads) {
  for (std::size_t i = 0; i < params.size(); ++i) params[i] -= learning_rate_ * grads[i];
}

Adam::Adam(float lr, float beta1, float beta2, float epsilon)
    : Optimizer(lr), beta1_(beta1), beta2_(beta2), epsilon_(epsilon) {}

void Adam::step(std::span<float> params, std::span<const float> grads) {
  if (m_.size() != params.size()) {
    m_.assign(params.size(), 0.0f);
    v_.assign(params.size(), 0.0f);
    t_ = 0;
  }
  ++t_;
  const float correction1 = 1.0f - static_cast<float>(std::pow(beta1_, static_cast<double>(t_)));
  const float correction2 = 1.0f - static_cast<float>(std::pow(beta2_, static_cast<double>(t_)));
  for (std::size_t i = 0; i < params.size(); ++i) {
    const float g = grads[i];
    m_[i] = beta1_ * m_[i] + (1.0f - beta1_) * g;
    v_[i] = beta2_ * v_[i] + (1.0f - beta2_) * g * g;
    const float m_hat = m_[i] / correction1;
    const float v_hat = v_[i] / correction2;
    params[i] -= learning_rate_ * m_hat / (std::sqrt(v_hat) + epsilon_);
  }
}

std::unique_ptr<Optimizer> make_optimizer(const std::string& name, float learning_rate) {
  if (name == "sgd") return std::make_unique<Sgd>(learning_rate);
  if (name == "adam") return std::make_unique<Adam>(learning_rate);
  throw Error("unknown optimizer '" + name + "'; use sgd or adam");
}

}  // namespace glassbox
