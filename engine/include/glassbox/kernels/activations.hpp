#pragma once
// Activation kernels, each forward beside its backward.
//
// Elementwise ones map x to y = f(x) and compute dx = dy ⊙ f'(x), using x or
// y, whichever is cheaper; all spans have the same length (batch × features).
// Softmax works on rows and has a full Jacobian.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

enum class ActivationKind {
  linear,      // y = x                                   f' = 1
  relu,        // y = max(0, x)                           f' = [x > 0]
  leaky_relu,  // y = x if x > 0 else αx                  f' = 1 or α        (α default 0.01)
  elu,         // y = x if x > 0 else α(eˣ − 1)           f' = 1 or y + α    (α default 1)
  sigmoid,     // y = σ(x) = 1 / (1 + e⁻ˣ)                f' = y (1 − y)
  tanh,        // y = tanh x                              f' = 1 − y²
  gelu,        // y = ½x(1 + tanh(√(2/π)(x + 0.044715x³)))  (tanh approximation)
  gelu_erf,    // y = x Φ(x) = ½x(1 + erf(x/√2))          f' = Φ(x) + x φ(x)
  swish,       // y = x σ(x)  (SiLU)                      f' = y + σ(x)(1 − y)
  softplus,    // y = ln(1 + eˣ)                          f' = σ(x)
  softmax,     // rows: y_i = e^(x_i − max) / Σ_j e^(x_j − max)
};

// Every kind, in the order of the one name table (activations.cpp).
std::vector<ActivationKind> activation_kinds();
// "relu", "leaky_relu", ... (the names used in architecture JSON and the CLI).
std::string activation_name(ActivationKind kind);
// Throws Error listing the known names.
ActivationKind parse_activation(const std::string& name);
// α used when an architecture does not give one (leaky_relu 0.01, elu 1).
float default_alpha(ActivationKind kind);

// The kinds a GEMM can apply to its output as it stores it (the fused
// dense + activation and conv + activation kernels): relu and leaky_relu.
bool fusable_activation(ActivationKind kind);

// Elementwise forward and backward for every kind but softmax.
void activation_forward(ActivationKind kind, float alpha, std::span<const float> x,
                        std::span<float> y);
void activation_backward(ActivationKind kind, float alpha, std::span<const float> x,
                         std::span<const float> y, std::span<const float> dy, std::span<float> dx);

// The individual kernels, for reading and for tests.
void relu_forward(std::span<const float> x, std::span<float> y);
void relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx);
void sigmoid_forward(std::span<const float> x, std::span<float> y);
void sigmoid_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx);

// Softmax over each row of z: (rows, cols) → p: (rows, cols).
void softmax_rows(std::span<const float> z, std::span<float> p, std::size_t rows, std::size_t cols);
// Backward through softmax rows: dx_i = y_i (dy_i − Σ_j dy_j y_j).
void softmax_rows_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx,
                           std::size_t rows, std::size_t cols);

}  // namespace glassbox
