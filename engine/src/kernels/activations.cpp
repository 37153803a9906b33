#include "glassbox/kernels/activations.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

constexpr float gelu_c = 0.7978845608f;  // √(2/π)
constexpr float gelu_k = 0.044715f;
constexpr float inv_sqrt2 = 0.70710678f;
constexpr float inv_sqrt_2pi = 0.39894228f;

float sigmoid(float x) {
  return 1.0f / (1.0f + std::exp(-x));
}

struct Named {
  ActivationKind kind;
  const char* name;
};
constexpr Named names[] = {
    {ActivationKind::linear, "linear"},
    {ActivationKind::relu, "relu"},
    {ActivationKind::leaky_relu, "leaky_relu"},
    {ActivationKind::elu, "elu"},
    {ActivationKind::sigmoid, "sigmoid"},
    {ActivationKind::tanh, "tanh"},
    {ActivationKind::gelu, "gelu"},
    {ActivationKind::gelu_erf, "gelu_erf"},
    {ActivationKind::swish, "swish"},
    {ActivationKind::softplus, "softplus"},
    {ActivationKind::softmax, "softmax"},
};

}  // namespace

std::vector<ActivationKind> activation_kinds() {
  std::vector<ActivationKind> kinds;
  for (const auto& n : names) kinds.push_back(n.kind);
  return kinds;
}

std::string activation_name(ActivationKind kind) {
  for (const auto& n : names)
    if (n.kind == kind) return n.name;
  return "?";
}

ActivationKind parse_activation(const std::string& name) {
  for (const auto& n : names)
    if (name == n.name) return n.kind;
  if (name == "silu") return ActivationKind::swish;
  std::string known;
  for (const auto& n : names) known += std::string(known.empty() ? "" : ", ") + n.name;
  throw Error("unknown activation '" + name + "'; known: " + known);
}

float default_alpha(ActivationKind kind) {
  if (kind == ActivationKind::leaky_relu) return 0.01f;
  if (kind == ActivationKind::elu) return 1.0f;
  return 0.0f;
}

bool fusable_activation(ActivationKind kind) {
  return kind == ActivationKind::relu || kind == ActivationKind::leaky_relu;
}

void relu_forward(std::span<const float> x, std::span<float> y) {
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t i = 0; i < x.size(); ++i) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

void sigmoid_forward(std::span<const float> x, std::span<float> y) {
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = sigmoid(x[i]);
}

void sigmoid_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t i = 0; i < y.size(); ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

void activation_forward(ActivationKind kind, float alpha, std::span<const float> x,
                        std::span<float> y) {
  const std::size_t n = x.size();
  switch (kind) {
    case ActivationKind::linear:
      std::copy(x.begin(), x.end(), y.begin());
      return;
    case ActivationKind::relu:
      return relu_forward(x, y);
    case ActivationKind::sigmoid:
      return sigmoid_forward(x, y);
    case ActivationKind::leaky_relu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : alpha * x[i];
      return;
    case ActivationKind::elu:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] > 0.0f ? x[i] : alpha * std::expm1(x[i]);
      return;
    case ActivationKind::tanh:
      for (std::size_t i = 0; i < n; ++i) y[i] = std::tanh(x[i]);
      return;
    case ActivationKind::gelu:
      for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        y[i] = 0.5f * v * (1.0f + std::tanh(gelu_c * (v + gelu_k * v * v * v)));
      }
      return;
    case ActivationKind::gelu_erf:
      for (std::size_t i = 0; i < n; ++i) y[i] = 0.5f * x[i] * (1.0f + std::erf(x[i] * inv_sqrt2));
      return;
    case ActivationKind::swish:
      for (std::size_t i = 0; i < n; ++i) y[i] = x[i] * sigmoid(x[i]);
      return;
    case ActivationKind::softplus:
      // ln(1 + eˣ) = max(x, 0) + ln(1 + e^(−|x|)), which never overflows.
      for (std::size_t i = 0; i < n; ++i)
        y[i] = std::max(x[i], 0.0f) + std::log1p(std::exp(-std::abs(x[i])));
      return;
    case ActivationKind::softmax:
      throw Error("softmax is not elementwise: use softmax_rows");
  }
}

void activation_backward(ActivationKind kind, float alpha, std::span<const float> x,
                         std::span<const float> y, std::span<const float> dy, std::span<float> dx) {
  const std::size_t n = x.size();
  switch (kind) {
    case ActivationKind::linear:
      std::copy(dy.begin(), dy.end(), dx.begin());
      return;
    case ActivationKind::relu:
      return relu_backward(x, dy, dx);
    case ActivationKind::sigmoid:
      return sigmoid_backward(y, dy, dx);
    case ActivationKind::leaky_relu:
      for (std::size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : alpha * dy[i];
      return;
    case ActivationKind::elu:
      for (std::size_t i = 0; i < n; ++i) dx[i] = x[i] > 0.0f ? dy[i] : dy[i] * (y[i] + alpha);
      return;
    case ActivationKind::tanh:
      for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * (1.0f - y[i] * y[i]);
      return;
    case ActivationKind::gelu:
      // f' = ½(1 + t) + ½x(1 − t²) · √(2/π)(1 + 3·0.044715x²),  t = tanh(√(2/π)(x + 0.044715x³))
      for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float t = std::tanh(gelu_c * (v + gelu_k * v * v * v));
        const float d =
            0.5f * (1.0f + t) + 0.5f * v * (1.0f - t * t) * gelu_c * (1.0f + 3.0f * gelu_k * v * v);
        dx[i] = dy[i] * d;
      }
      return;
    case ActivationKind::gelu_erf:
      for (std::size_t i = 0; i < n; ++i) {
        const float v = x[i];
        const float cdf = 0.5f * (1.0f + std::erf(v * inv_sqrt2));
        const float pdf = inv_sqrt_2pi * std::exp(-0.5f * v * v);
        dx[i] = dy[i] * (cdf + v * pdf);
      }
      return;
    case ActivationKind::swish:
      for (std::size_t i = 0; i < n; ++i) {
        const float s = sigmoid(x[i]);
        dx[i] = dy[i] * (y[i] + s * (1.0f - y[i]));
      }
      return;
    case ActivationKind::softplus:
      for (std::size_t i = 0; i < n; ++i) dx[i] = dy[i] * sigmoid(x[i]);
      return;
    case ActivationKind::softmax:
      throw Error("softmax is not elementwise: use softmax_rows_backward");
  }
}

void softmax_rows(std::span<const float> z, std::span<float> p, std::size_t rows,
                  std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* zr = z.data() + r * cols;
    float* pr = p.data() + r * cols;
    const float max = *std::max_element(zr, zr + cols);
    float sum = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) sum += pr[c] = std::exp(zr[c] - max);
    for (std::size_t c = 0; c < cols; ++c) pr[c] /= sum;
  }
}

void softmax_rows_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx,
                           std::size_t rows, std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* yr = y.data() + r * cols;
    const float* dyr = dy.data() + r * cols;
    float dot = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) dot += dyr[c] * yr[c];
    for (std::size_t c = 0; c < cols; ++c) dx[r * cols + c] = yr[c] * (dyr[c] - dot);
  }
}

}  // namespace glassbox
