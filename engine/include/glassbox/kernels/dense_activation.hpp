#pragma once
// A dense layer followed by a ReLU-family activation, fused into one pass:
//
//   z(R,N) = x(R,K) · W(K,N) + b(N)     the bias is the GEMM's starting value
//   a(R,N) = f(z)                       f = relu or leaky_relu
//
// The GEMM's micro-kernel applies f to each register tile of z as it stores
// it (kernels/gemm_packed.hpp, Epilogue), so z is not read back from memory
// for the activation. Both z and a are written: the page shows z (the
// activation layer's "pre_activation") and f's backward reads it.
//
// The result is bit for bit what the three separate steps give (bias fill,
// gemm_nn with accumulate, activation_forward): the same sums in the same
// order and the same select, c > 0 ? c : (0 or α·c).
#include <cstddef>
#include <span>

#include "glassbox/kernels/activations.hpp"
#include "glassbox/kernels/matmul.hpp"

namespace glassbox {

// x (M,K), w (K,N), bias (N) → z (M,N) and a (M,N), with size = {M, K, N}.
// Buffers may be longer than needed; a shorter one, a kind that is not
// fusable_activation, or K = 0 throws glassbox::Error.
void dense_activation_forward(std::span<const float> x, std::span<const float> w,
                              std::span<const float> bias, std::span<float> z, std::span<float> a,
                              GemmSize size, ActivationKind kind, float alpha);

// The naive reference: the three steps one after the other, with the naive
// GEMM (a double accumulator per element), so it agrees with the fused kernel
// within float rounding, not bit for bit.
void dense_activation_forward_naive(std::span<const float> x, std::span<const float> w,
                                    std::span<const float> bias, std::span<float> z,
                                    std::span<float> a, GemmSize size, ActivationKind kind,
                                    float alpha);

}  // namespace glassbox
