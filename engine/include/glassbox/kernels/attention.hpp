#pragma once
// Scaled dot-product attention over several heads (Vaswani et al. 2017), the
// core of a self-attention layer once Q, K and V are projected.
//
// Shapes, per sample n of N (row-major, features last, E = heads · d):
//   q, k, v:  (N, T, E)   head h owns the columns [h·d, (h+1)·d)
//   p:        (N, H, T, T) attention probabilities
//   context:  (N, T, E)   the heads' outputs side by side
// Forward, for each n and head h (Q_h, K_h, V_h: (T, d)):
//   S_h = Q_h · K_hᵀ / √d               (T, T)   scores
//   S_h[i][j] = −∞ for j > i when causal         (a query never sees its future)
//   P_h = softmax over each row of S_h  (T, T)   row i sums to 1
//   C_h = P_h · V_h                     (T, d)
// Backward, given dC (N, T, E):
//   dV_h = P_hᵀ · dC_h                  (T, d)
//   dP_h = dC_h · V_hᵀ                  (T, T)
//   dS_h[i][j] = P_h[i][j] · (dP_h[i][j] − Σ_k dP_h[i][k] P_h[i][k])   (softmax)
//   dQ_h = dS_h · K_h / √d,  dK_h = dS_hᵀ · Q_h / √d
// A masked entry has P = 0, so dS = 0 there: no gradient reaches a key from a
// query before it.
//
// The fast kernels run the products on the strided, batched GEMM (all heads
// of a sample in one call); the naive ones are plain loops with double sums.
// Tests hold the two equal. No kernel allocates; `scratch` of the backward
// holds dP/dS: (N, H, T, T) floats.
#include <cstddef>
#include <span>

namespace glassbox {

struct AttentionSize {
  std::size_t batch, tokens, heads, head_size;
  bool causal = false;
};

void attention_forward(std::span<const float> q, std::span<const float> k, std::span<const float> v,
                       std::span<float> p, std::span<float> context, const AttentionSize& size);
void attention_forward_naive(std::span<const float> q, std::span<const float> k,
                             std::span<const float> v, std::span<float> p, std::span<float> context,
                             const AttentionSize& size);

// Overwrites dq, dk, dv (each (N, T, E)) from dcontext and the forward's p.
void attention_backward(std::span<const float> q, std::span<const float> k,
                        std::span<const float> v, std::span<const float> p,
                        std::span<const float> dcontext, std::span<float> scratch,
                        std::span<float> dq, std::span<float> dk, std::span<float> dv,
                        const AttentionSize& size);
void attention_backward_naive(std::span<const float> q, std::span<const float> k,
                              std::span<const float> v, std::span<const float> p,
                              std::span<const float> dcontext, std::span<float> dq,
                              std::span<float> dk, std::span<float> dv, const AttentionSize& size);

}  // namespace glassbox
