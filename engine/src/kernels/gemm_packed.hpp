#pragma once
// The fast GEMM behind gemm_nn / gemm_tn / gemm_nt (engine/src/kernels/matmul.cpp):
// A and B packed into panels and an MR × NR tile of C held in registers across
// K. Internal to the kernels library; callers validate the layout first.
#include <cstddef>

#include "glassbox/kernels/activations.hpp"

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

// What the micro-kernel does with a finished tile of C besides storing it:
// with `out` set, it also writes f(c) to out (leading dimension ldo), where
//   relu:        f(c) = c > 0 ? c : 0
//   leaky_relu:  f(c) = c > 0 ? c : slope · c
// the same expressions, bit for bit, as the activation kernels
// (kernels/activations.cpp). The tile is still in registers, so C is never
// read back for the activation.
struct Epilogue {
  enum class Kind { relu, leaky_relu };
  float* out = nullptr;
  std::size_t ldo = 0;
  Kind kind = Kind::relu;
  float slope = 0.0f;
};

// The epilogue applying `kind` (relu or leaky_relu with slope alpha; the
// caller checks fusable_activation) into out with leading dimension ldo.
inline Epilogue activation_epilogue(ActivationKind kind, float alpha, float* out, std::size_t ldo) {
  return {.out = out,
          .ldo = ldo,
          .kind = kind == ActivationKind::relu ? Epilogue::Kind::relu : Epilogue::Kind::leaky_relu,
          .slope = alpha};
}

// gemm_packed, then out = f(C) by the epilogue, in one pass over C. K must be
// at least 1 (with K = 0 there is no tile to finish).
void gemm_packed_epilogue(GemmOp op, const float* a, std::size_t lda, const float* b,
                          std::size_t ldb, float* c, std::size_t ldc, std::size_t m, std::size_t k,
                          std::size_t n, const Epilogue& epilogue);

// A stride-1, unpadded convolution without im2col: Y(F, OH·OW) += W(F, P) ·
// X̂(P, OH·OW), where the patch matrix X̂[k][i·OW + j] = x[c][i + u][j + v] for
// k = (c·kernel + u)·kernel + v is never stored: the micro-kernel reads row k
// of X̂ for output row i straight from the image, at offset (c·H + u)·W + v.
// Same sums in the same order as im2col followed by gemm_nn, bit for bit.
// x is (C, H, W), w (F, P) with P = C·kernel², y (F, OH, OW) already holding
// what to add to (the bias). With an epilogue, f(y) also goes to its output
// (F, OH·OW) as each finished tile is stored.
void conv_direct(const float* w, std::size_t filters, std::size_t patch, const float* x,
                 std::size_t height, std::size_t width, std::size_t kernel, float* y,
                 const Epilogue* epilogue = nullptr);

}  // namespace glassbox::detail
