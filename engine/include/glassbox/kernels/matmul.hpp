#pragma once
// Matrix multiplication kernels, row-major, over spans.
//
// Three shapes cover a dense layer's forward and backward passes:
//   gemm_nn: C(M,N) (+)= A(M,K) · B(K,N)      forward  y  = x · W
//   gemm_tn: C(M,N) (+)= A(K,M)ᵀ · B(K,N)     backward dW = xᵀ · dy
//   gemm_nt: C(M,N) (+)= A(M,K) · B(N,K)ᵀ     backward dx = dy · Wᵀ
// With accumulate = false, C is overwritten; with true, the product is added.
//
// Each comes in two forms:
//   - contiguous (GemmSize): every matrix is dense, row-major, one product;
//   - strided and batched (GemmLayout): each matrix is a sub-block with its own
//     row stride (leading dimension), and `batch` products run one after the
//     other, matrix p of each operand starting p · stride elements in.
// The contiguous form is the strided one with ld = row length and batch = 1.
//
// No kernel allocates. Buffers are checked against the layout (with overflow-
// checked size arithmetic) and a glassbox::Error is thrown when they are too
// small. C must not overlap A or B.
//
// Each fast kernel has a naive reference beside it (triple loop, double
// accumulator); tests hold the two equal within float rounding.
#include <cstddef>
#include <span>

namespace glassbox {

struct GemmSize {
  std::size_t m, k, n;
};

// Strided, batched layout. Element (r, c) of matrix p of an operand X with
// leading dimension ldx lives at x[p · stride_x + r · ldx + c]; ldx must be at
// least the stored row length:
//   gemm_nn: A stored (M,K): lda ≥ K;  B stored (K,N): ldb ≥ N;  C (M,N): ldc ≥ N
//   gemm_tn: A stored (K,M): lda ≥ M;  B stored (K,N): ldb ≥ N;  C (M,N): ldc ≥ N
//   gemm_nt: A stored (M,K): lda ≥ K;  B stored (N,K): ldb ≥ K;  C (M,N): ldc ≥ N
// A stride of 0 reuses one matrix for every product (e.g. shared weights).
// Example: head h of Q, K stored (T, heads·d), scores S (heads, T, T):
//   gemm_nt_strided(q.subspan(h·d), k.subspan(h·d), s.subspan(h·T·T),
//                   {.m = T, .k = d, .n = T, .lda = heads·d, .ldb = heads·d, .ldc = T}, false)
// or all heads at once with batch = heads, stride_a = stride_b = d, stride_c = T·T.
struct GemmLayout {
  std::size_t m, k, n;
  std::size_t lda, ldb, ldc;
  std::size_t batch = 1;
  std::size_t stride_a = 0, stride_b = 0, stride_c = 0;
};

// C_p(M,N) (+)= A_p(M,K) · B_p(K,N) for p < batch.
// Per element, c[i][j] adds a[i][k]·b[k][j] for k = 0, 1, … in order, starting
// from C's value (or 0), skipping a[i][k] = 0; the shipped models depend on
// this order bit for bit.
void gemm_nn_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& layout, bool accumulate);
void gemm_nn_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& layout, bool accumulate);

// C_p(M,N) (+)= A_p(K,M)ᵀ · B_p(K,N) for p < batch.
void gemm_tn_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& layout, bool accumulate);
void gemm_tn_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& layout, bool accumulate);

// C_p(M,N) (+)= A_p(M,K) · B_p(N,K)ᵀ for p < batch: c[i][j] = dot(row i of A, row j of B).
void gemm_nt_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& layout, bool accumulate);
void gemm_nt_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& layout, bool accumulate);

// Contiguous forms: a, b, c dense row-major with the shapes above, batch 1.
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
