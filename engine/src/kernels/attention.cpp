#include "glassbox/kernels/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"
#include "glassbox/kernels/matmul.hpp"

namespace glassbox {
namespace {

struct Counts {
  std::size_t embed, qkv, probs;  // E; N·T·E; N·H·T·T
};

Counts checked_counts(const AttentionSize& s) {
  require(s.tokens > 0 && s.heads > 0 && s.head_size > 0,
          "attention needs at least one token, one head and a head size of 1 or more");
  const std::size_t embed = checked_multiply(s.heads, s.head_size, "attention width");
  const std::size_t qkv =
      checked_multiply(checked_multiply(s.batch, s.tokens, "attention"), embed, "attention");
  const std::size_t probs = checked_multiply(checked_multiply(s.batch, s.heads, "attention"),
                                             checked_multiply(s.tokens, s.tokens, "attention"),
                                             "attention probabilities");
  return {embed, qkv, probs};
}

void check_sizes(const char* kernel, std::size_t need, std::initializer_list<std::size_t> sizes) {
  for (std::size_t size : sizes)
    if (size < need)
      throw Error(std::string(kernel) + ": a buffer holds " + std::to_string(size) +
                  " floats, the layout needs " + std::to_string(need));
}

// Row-wise masked, scaled softmax in place on one (T, T) score block.
void softmax_scores(float* s, std::size_t tokens, float scale, bool causal) {
  for (std::size_t i = 0; i < tokens; ++i) {
    float* row = s + i * tokens;
    const std::size_t visible = causal ? i + 1 : tokens;
    float max = -std::numeric_limits<float>::infinity();
    for (std::size_t j = 0; j < visible; ++j) max = std::max(max, row[j] * scale);
    float sum = 0.0f;
    for (std::size_t j = 0; j < visible; ++j) {
      row[j] = std::exp(row[j] * scale - max);
      sum += row[j];
    }
    for (std::size_t j = 0; j < visible; ++j) row[j] /= sum;
    for (std::size_t j = visible; j < tokens; ++j) row[j] = 0.0f;
  }
}

// All heads of one sample at once; Q, K, V, C are (T, E) with head h in
// columns h·d … h·d + d − 1, and P is (heads, T, T).
// Scores: (T, T) per head = X_h (T, d) · Y_hᵀ, e.g. S = Q·Kᵀ and dP = dC·Vᵀ.
GemmLayout scores_layout(std::size_t T, std::size_t d, std::size_t E, std::size_t heads) {
  return {.m = T,
          .k = d,
          .n = T,
          .lda = E,
          .ldb = E,
          .ldc = T,
          .batch = heads,
          .stride_a = d,
          .stride_b = d,
          .stride_c = T * T};
}

// Mixing: (T, d) per head = P_h (T, T) · Y_h (T, d), e.g. C = P·V; with
// gemm_tn it gives dV = Pᵀ·dC, and on dS it gives dQ and dK.
GemmLayout mix_layout(std::size_t T, std::size_t d, std::size_t E, std::size_t heads) {
  return {.m = T,
          .k = T,
          .n = d,
          .lda = T,
          .ldb = E,
          .ldc = E,
          .batch = heads,
          .stride_a = T * T,
          .stride_b = d,
          .stride_c = d};
}

}  // namespace

void attention_forward(std::span<const float> q, std::span<const float> k, std::span<const float> v,
                       std::span<float> p, std::span<float> context, const AttentionSize& s) {
  const Counts c = checked_counts(s);
  check_sizes("attention_forward", c.qkv, {q.size(), k.size(), v.size(), context.size()});
  check_sizes("attention_forward", c.probs, {p.size()});
  const std::size_t T = s.tokens, d = s.head_size, E = c.embed;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const GemmLayout scores = scores_layout(T, d, E, s.heads), mix = mix_layout(T, d, E, s.heads);
  for (std::size_t n = 0; n < s.batch; ++n) {
    const std::size_t rows = n * T * E, block = n * s.heads * T * T;
    // S_h = Q_h · K_hᵀ for every head h at once (unscaled here).
    gemm_nt_strided(q.subspan(rows), k.subspan(rows), p.subspan(block), scores, false);
    for (std::size_t h = 0; h < s.heads; ++h)
      softmax_scores(p.data() + block + h * T * T, T, scale, s.causal);
    // C_h = P_h · V_h
    gemm_nn_strided(p.subspan(block), v.subspan(rows), context.subspan(rows), mix, false);
  }
}

void attention_backward(std::span<const float> q, std::span<const float> k,
                        std::span<const float> v, std::span<const float> p,
                        std::span<const float> dcontext, std::span<float> scratch,
                        std::span<float> dq, std::span<float> dk, std::span<float> dv,
                        const AttentionSize& s) {
  const Counts c = checked_counts(s);
  check_sizes("attention_backward", c.qkv,
              {q.size(), k.size(), v.size(), dcontext.size(), dq.size(), dk.size(), dv.size()});
  check_sizes("attention_backward", c.probs, {p.size(), scratch.size()});
  const std::size_t T = s.tokens, d = s.head_size, E = c.embed;
  const float scale = 1.0f / std::sqrt(static_cast<float>(d));
  const GemmLayout scores = scores_layout(T, d, E, s.heads), mix = mix_layout(T, d, E, s.heads);
  for (std::size_t n = 0; n < s.batch; ++n) {
    const std::size_t rows = n * T * E, block = n * s.heads * T * T;
    // dV_h = P_hᵀ · dC_h
    gemm_tn_strided(p.subspan(block), dcontext.subspan(rows), dv.subspan(rows), mix, false);
    // dP_h = dC_h · V_hᵀ
    gemm_nt_strided(dcontext.subspan(rows), v.subspan(rows), scratch.subspan(block), scores, false);
    // dS = P ⊙ (dP − Σ_k dP_k P_k), times the 1/√d of the scores, in place.
    for (std::size_t r = 0; r < s.heads * T; ++r) {
      const float* prob = p.data() + block + r * T;
      float* grad = scratch.data() + block + r * T;
      float dot = 0.0f;
      for (std::size_t j = 0; j < T; ++j) dot += grad[j] * prob[j];
      for (std::size_t j = 0; j < T; ++j) grad[j] = prob[j] * (grad[j] - dot) * scale;
    }
    // dQ_h = dS_h · K_h,  dK_h = dS_hᵀ · Q_h
    gemm_nn_strided(scratch.subspan(block), k.subspan(rows), dq.subspan(rows), mix, false);
    gemm_tn_strided(scratch.subspan(block), q.subspan(rows), dk.subspan(rows), mix, false);
  }
}

// The references: every sum spelled out, in double.
void attention_forward_naive(std::span<const float> q, std::span<const float> k,
                             std::span<const float> v, std::span<float> p, std::span<float> context,
                             const AttentionSize& s) {
  const Counts c = checked_counts(s);
  check_sizes("attention_forward_naive", c.qkv, {q.size(), k.size(), v.size(), context.size()});
  check_sizes("attention_forward_naive", c.probs, {p.size()});
  const std::size_t T = s.tokens, d = s.head_size, E = c.embed;
  std::vector<double> row(T);
  for (std::size_t n = 0; n < s.batch; ++n)
    for (std::size_t h = 0; h < s.heads; ++h)
      for (std::size_t i = 0; i < T; ++i) {
        const std::size_t visible = s.causal ? i + 1 : T;
        double max = -std::numeric_limits<double>::infinity(), sum = 0.0;
        for (std::size_t j = 0; j < visible; ++j) {
          double dot = 0.0;
          for (std::size_t e = 0; e < d; ++e)
            dot += double{q[(n * T + i) * E + h * d + e]} * k[(n * T + j) * E + h * d + e];
          row[j] = dot / std::sqrt(static_cast<double>(d));
          max = std::max(max, row[j]);
        }
        for (std::size_t j = 0; j < visible; ++j) sum += (row[j] = std::exp(row[j] - max));
        float* out = p.data() + ((n * s.heads + h) * T + i) * T;
        for (std::size_t j = 0; j < T; ++j)
          out[j] = j < visible ? static_cast<float>(row[j] / sum) : 0.0f;
        for (std::size_t e = 0; e < d; ++e) {
          double acc = 0.0;
          for (std::size_t j = 0; j < visible; ++j)
            acc += row[j] / sum * v[(n * T + j) * E + h * d + e];
          context[(n * T + i) * E + h * d + e] = static_cast<float>(acc);
        }
      }
}

void attention_backward_naive(std::span<const float> q, std::span<const float> k,
                              std::span<const float> v, std::span<const float> p,
                              std::span<const float> dcontext, std::span<float> dq,
                              std::span<float> dk, std::span<float> dv, const AttentionSize& s) {
  const Counts c = checked_counts(s);
  check_sizes("attention_backward_naive", c.qkv,
              {q.size(), k.size(), v.size(), dcontext.size(), dq.size(), dk.size(), dv.size()});
  check_sizes("attention_backward_naive", c.probs, {p.size()});
  const std::size_t T = s.tokens, d = s.head_size, E = c.embed;
  const double scale = 1.0 / std::sqrt(static_cast<double>(d));
  std::fill_n(dq.begin(), c.qkv, 0.0f);
  std::fill_n(dk.begin(), c.qkv, 0.0f);
  std::fill_n(dv.begin(), c.qkv, 0.0f);
  std::vector<double> dp(T);
  for (std::size_t n = 0; n < s.batch; ++n)
    for (std::size_t h = 0; h < s.heads; ++h)
      for (std::size_t i = 0; i < T; ++i) {
        const auto at = [&](std::size_t t, std::size_t e) { return (n * T + t) * E + h * d + e; };
        const float* prob = p.data() + ((n * s.heads + h) * T + i) * T;
        double dot = 0.0;
        for (std::size_t j = 0; j < T; ++j) {
          dp[j] = 0.0;
          for (std::size_t e = 0; e < d; ++e) dp[j] += double{dcontext[at(i, e)]} * v[at(j, e)];
          dot += dp[j] * prob[j];
          for (std::size_t e = 0; e < d; ++e)
            dv[at(j, e)] += static_cast<float>(double{prob[j]} * dcontext[at(i, e)]);
        }
        for (std::size_t j = 0; j < T; ++j) {
          const double ds = prob[j] * (dp[j] - dot) * scale;
          for (std::size_t e = 0; e < d; ++e) {
            dq[at(i, e)] += static_cast<float>(ds * k[at(j, e)]);
            dk[at(j, e)] += static_cast<float>(ds * q[at(i, e)]);
          }
        }
      }
}

}  // namespace glassbox
