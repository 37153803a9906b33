#pragma once
// The fast GEMM behind gemm_nn / gemm_tn / gemm_nt (engine/src/kernels/matmul.cpp):
// A and B packed into panels and an MR × NR tile of C held in registers across
// K. Internal to the kernels library; callers validate the layout first.
#include <cstddef>

namespace glassbox::detail {

// How the stored operands are read: nn is C = A·B with A (M,K), B (K,N); tn
// is C = Aᵀ·B with A stored (K,M); nt is C = A·Bᵀ with B stored (N,K).
enum class GemmOp { nn, tn, nt };

// C(M,N) += op(A) · op(B). C already holds the values to add to (zeros, or
// the previous sum when accumulating). Each c[i][j] adds a[i][k]·b[k][j] for
// k = 0, 1, …, K−1 in that order, one rounding per product and per sum, so the
// result equals, bit for bit, the plain float loop over k (for finite B: a k
// whose A values are all zero is skipped, and c + 0·b = c).
void gemm_packed(GemmOp op, const float* a, std::size_t lda, const float* b, std::size_t ldb,
                 float* c, std::size_t ldc, std::size_t m, std::size_t k, std::size_t n);

}  // namespace glassbox::detail
