#pragma once
// One query of one head, step by step, from a layer's internals (query, key,
// value: (T, E), head h in columns [h·d, (h+1)·d)):
//   dot_j   = q_t · k_j                       (T)
//   score_j = dot_j / √d                      (T)   −∞ (masked) for j > t when causal
//   p_j     = exp(score_j) / Σ_i exp(score_i) (T)
//   c       = Σ_j p_j v_j                     (d)
// and, given ∂L/∂y_t of the layer's output row t (D) and out_proj.weight
// (E, D), the gradient reaching this head's scores:
//   ∂L/∂c   = W_out[h·d .. (h+1)·d, :] · ∂L/∂y_t               (d)
//   ∂L/∂p_j = ∂L/∂c · v_j                                       (T)
//   ∂L/∂s_j = p_j (∂L/∂p_j − Σ_i p_i ∂L/∂p_i)                   (T)
// Sums run in double; the layer's kernel (kernels/attention.hpp) computes the
// same numbers for every query at once, and the tests hold the two equal.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace glassbox {

struct QueryStepSize {
  std::size_t tokens = 0, heads = 1, head_size = 0;
  std::size_t head = 0, position = 0;  // h and t
  bool causal = false;
};

struct QueryStep {
  float scale = 0.0f;                // 1/√d
  std::vector<float> query;          // q_t (d)
  std::vector<float> dots;           // q_t·k_j (T)
  std::vector<float> scores;         // scaled (T); masked entries are −∞
  std::vector<std::uint8_t> masked;  // (T) 1 where causal hides key j
  std::vector<float> probabilities;  // (T)
  std::vector<float> context;        // (d)
  // Empty unless the output gradient was given.
  std::vector<float> context_gradient, probability_gradient, score_gradient;
};

// Throws Error on a size mismatch or an out-of-range head or position.
// `output_gradient` (D) and `out_weight` (E, D) are both given or both empty.
QueryStep explain_query(std::span<const float> query, std::span<const float> key,
                        std::span<const float> value, const QueryStepSize& size,
                        std::span<const float> output_gradient = {},
                        std::span<const float> out_weight = {});

// Per head, the mean over queries with at least one aligned key of the
// attention mass on aligned keys: Σ_j aligned[t][j] · p[h][t][j].
// probabilities (H, T, T), aligned (T, T) of 0/1. 0 when no query has one.
std::vector<double> aligned_attention_mass(std::span<const float> probabilities,
                                           std::span<const std::uint8_t> aligned, std::size_t heads,
                                           std::size_t tokens);

}  // namespace glassbox
