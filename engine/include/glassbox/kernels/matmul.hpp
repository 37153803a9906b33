#pragma once
// Matrix multiplication kernels, row-major, over spans.
//
// Three shapes cover a dense layer's forward and backward passes:
//   gemm_nn: C(M,N) (+)= A(M,K) · B(K,N)      forward  y  = x · W
//   gemm_tn: C(M,N) (+)= A(K,M)ᵀ · B(K,N)     backward dW = xᵀ · dy
//   gemm_nt: C(M,N) (+)= A(M,K) · B(N,K)ᵀ     backward dx = dy · Wᵀ
// With accumulate = false, C is overwritten; with true, the product is added.
//
// Each fast kernel has a naive reference beside it (triple loop, double
// accumulator); tests hold the two equal within float rounding.
#include <cstddef>
#include <span>

namespace glassbox {

struct GemmSize {
  std::size_t m, k, n;
};

void gemm_nn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize size,
             bool accumulate);
void gemm_nn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize size, bool accumulate);

void gemm_tn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize size,
             bool accumulate);
void gemm_tn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize size, bool accumulate);

void gemm_nt(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize size,
             bool accumulate);
void gemm_nt_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize size, bool accumulate);

}  // namespace glassbox
