#pragma once
// Elementwise activation kernels, forward beside backward.
// All take x, y, dy, dx of the same length (batch × features).
// Backward computes dx = dy ⊙ f'(x), using whichever of x or y is cheaper.
#include <span>

namespace glassbox {

// ReLU: y = max(0, x);  f'(x) = 1 if x > 0 else 0 (0 at the kink).
void relu_forward(std::span<const float> x, std::span<float> y);
void relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx);

// Sigmoid: y = 1 / (1 + e^(−x));  f'(x) = y (1 − y).
void sigmoid_forward(std::span<const float> x, std::span<float> y);
void sigmoid_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx);

// Softmax over each row of z: (N, K) → p: (N, K), p_ij = e^(z_ij − max_i) / Σ_k e^(z_ik − max_i).
void softmax_rows(std::span<const float> z, std::span<float> p, std::size_t rows, std::size_t cols);

}  // namespace glassbox
