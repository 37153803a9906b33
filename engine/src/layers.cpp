#include "glassbox/layers.hpp"

#include <cmath>

#include "glassbox/activations.hpp"
#include "glassbox/error.hpp"
#include "glassbox/matmul.hpp"

namespace glassbox {

std::size_t Layer::parameter_count() const {
  std::size_t count = 0;
  for (const auto& p : parameters()) count += element_count(p.shape);
  return count;
}

std::string init_name(Init init) {
  return init == Init::he ? "he" : "xavier";
}

Init parse_init(const std::string& name) {
  if (name == "he") return Init::he;
  if (name == "xavier") return Init::xavier;
  throw Error("unknown initialization '" + name + "'; use he or xavier");
}

// ---- Dense ------------------------------------------------------------------

Dense::Dense(std::size_t inputs, std::size_t outputs, Init init)
    : inputs_(inputs), outputs_(outputs), init_(init) {}

std::vector<ParameterInfo> Dense::parameters() const {
  return {{"weight", {inputs_, outputs_}}, {"bias", {outputs_}}};
}

void Dense::bind(std::span<float> params, std::span<float> grads) {
  weight_ = params.subspan(0, inputs_ * outputs_);
  bias_ = params.subspan(inputs_ * outputs_, outputs_);
  weight_grad_ = grads.subspan(0, inputs_ * outputs_);
  bias_grad_ = grads.subspan(inputs_ * outputs_, outputs_);
}

void Dense::initialize(Rng& rng) {
  if (init_ == Init::he) {
    const double stddev = std::sqrt(2.0 / static_cast<double>(inputs_));
    for (float& w : weight_) w = static_cast<float>(stddev * rng.normal());
  } else {
    const float limit =
        static_cast<float>(std::sqrt(6.0 / static_cast<double>(inputs_ + outputs_)));
    for (float& w : weight_) w = rng.uniform(-limit, limit);
  }
  for (float& b : bias_) b = 0.0f;
}

// x: (N, in), W: (in, out) → y: (N, out) = x · W + b
void Dense::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  for (std::size_t n = 0; n < batch; ++n)
    for (std::size_t o = 0; o < outputs_; ++o) y[n * outputs_ + o] = bias_[o];
  gemm_nn(x, weight_, y, {batch, inputs_, outputs_}, /*accumulate=*/true);
}

// dy: (N, out) → dW += xᵀ·dy (in, out), db += Σ_n dy (out), dx = dy·Wᵀ (N, in)
void Dense::backward(std::span<const float> x, std::span<const float> /*y*/,
                     std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  gemm_tn(x, dy, weight_grad_, {inputs_, batch, outputs_}, /*accumulate=*/true);
  for (std::size_t n = 0; n < batch; ++n)
    for (std::size_t o = 0; o < outputs_; ++o) bias_grad_[o] += dy[n * outputs_ + o];
  if (!dx.empty()) gemm_nt(dy, weight_, dx, {batch, outputs_, inputs_}, /*accumulate=*/false);
}

// ---- Activation -------------------------------------------------------------

std::string Activation::type() const {
  return kind_ == Kind::relu ? "relu" : "sigmoid";
}

void Activation::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t n = batch * size_;
  if (kind_ == Kind::relu) {
    relu_forward(x.first(n), y.first(n));
  } else {
    sigmoid_forward(x.first(n), y.first(n));
  }
}

void Activation::backward(std::span<const float> x, std::span<const float> y,
                          std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t n = batch * size_;
  if (kind_ == Kind::relu) {
    relu_backward(x.first(n), dy.first(n), dx.first(n));
  } else {
    sigmoid_backward(y.first(n), dy.first(n), dx.first(n));
  }
}

}  // namespace glassbox
