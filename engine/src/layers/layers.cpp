#include "glassbox/layers/layers.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/matmul.hpp"

namespace glassbox {

std::size_t Layer::parameter_count() const {
  std::size_t count = 0;
  for (const auto& p : parameters()) count += element_count(p.shape);
  return count;
}

namespace {
struct NamedInit {
  Init init;
  const char* name;
};
constexpr NamedInit init_names[] = {
    {Init::zeros, "zeros"},
    {Init::uniform, "uniform"},
    {Init::normal, "normal"},
    {Init::xavier_uniform, "xavier_uniform"},
    {Init::xavier_normal, "xavier_normal"},
    {Init::he_uniform, "he_uniform"},
    {Init::he_normal, "he_normal"},
    {Init::lecun, "lecun"},
};
}  // namespace

std::size_t Layer::state_count() const {
  std::size_t count = 0;
  for (const auto& p : state()) count += element_count(p.shape);
  return count;
}

std::string init_name(Init init) {
  for (const auto& n : init_names)
    if (n.init == init) return n.name;
  return "?";
}

Init parse_init(const std::string& name) {
  if (name == "he") return Init::he_normal;
  if (name == "xavier") return Init::xavier_uniform;
  for (const auto& n : init_names)
    if (name == n.name) return n.init;
  std::string known;
  for (const auto& n : init_names) known += std::string(known.empty() ? "" : ", ") + n.name;
  throw Error("unknown initialization '" + name + "'; known: " + known);
}

void initialize_weights(Init init, std::span<float> weights, std::size_t fan_in,
                        std::size_t fan_out, Rng& rng) {
  const double in = static_cast<double>(fan_in), out = static_cast<double>(fan_out);
  const auto fill_uniform = [&](double limit) {
    for (float& w : weights) w = rng.uniform(static_cast<float>(-limit), static_cast<float>(limit));
  };
  const auto fill_normal = [&](double stddev) {
    for (float& w : weights) w = static_cast<float>(stddev * rng.normal());
  };
  switch (init) {
    case Init::zeros:
      for (float& w : weights) w = 0.0f;
      return;
    case Init::uniform:
      return fill_uniform(0.05);
    case Init::normal:
      return fill_normal(0.05);
    case Init::xavier_uniform:
      return fill_uniform(std::sqrt(6.0 / (in + out)));
    case Init::xavier_normal:
      return fill_normal(std::sqrt(2.0 / (in + out)));
    case Init::he_uniform:
      return fill_uniform(std::sqrt(6.0 / in));
    case Init::he_normal:
      return fill_normal(std::sqrt(2.0 / in));
    case Init::lecun:
      return fill_normal(std::sqrt(1.0 / in));
  }
}

// ---- Dense ------------------------------------------------------------------

Dense::Dense(std::size_t inputs, std::size_t outputs, Init init)
    : inputs_(inputs), outputs_(outputs), init_(init) {}

std::vector<ParameterInfo> Dense::parameters() const {
  return {{"weight", {inputs_, outputs_}, true}, {"bias", {outputs_}, false}};
}

void Dense::bind(std::span<float> params, std::span<float> grads) {
  weight_ = params.subspan(0, inputs_ * outputs_);
  bias_ = params.subspan(inputs_ * outputs_, outputs_);
  weight_grad_ = grads.subspan(0, inputs_ * outputs_);
  bias_grad_ = grads.subspan(inputs_ * outputs_, outputs_);
}

void Dense::initialize(Rng& rng) {
  initialize_weights(init_, weight_, inputs_, outputs_, rng);
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

void Activation::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t n = batch * size_;
  if (kind_ == ActivationKind::softmax) return softmax_rows(x.first(n), y.first(n), batch, size_);
  activation_forward(kind_, alpha_, x.first(n), y.first(n));
}

void Activation::backward(std::span<const float> x, std::span<const float> y,
                          std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t n = batch * size_;
  if (kind_ == ActivationKind::softmax) {
    return softmax_rows_backward(y.first(n), dy.first(n), dx.first(n), batch, size_);
  }
  activation_backward(kind_, alpha_, x.first(n), y.first(n), dy.first(n), dx.first(n));
}

// ---- Dropout ----------------------------------------------------------------

Dropout::Dropout(float rate, std::size_t size) : rate_(rate), size_(size) {
  require(rate >= 0.0f && rate < 1.0f,
          "dropout rate must be in [0, 1), got " + std::to_string(rate));
}

void Dropout::initialize(Rng& rng) {
  rng_ = Rng(rng.next_u64());
}

void Dropout::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t n = batch * size_;
  if (!training_ || rate_ == 0.0f) {
    std::copy_n(x.begin(), n, y.begin());
    return;
  }
  const float keep_scale = 1.0f / (1.0f - rate_);
  scale_.resize(n);
  for (std::size_t i = 0; i < n; ++i) {
    scale_[i] = rng_.uniform() < rate_ ? 0.0f : keep_scale;
    y[i] = x[i] * scale_[i];
  }
}

void Dropout::backward(std::span<const float> /*x*/, std::span<const float> /*y*/,
                       std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t n = batch * size_;
  if (!training_ || rate_ == 0.0f) {
    std::copy_n(dy.begin(), n, dx.begin());
    return;
  }
  for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * scale_[i];
}

}  // namespace glassbox
