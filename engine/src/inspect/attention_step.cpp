#include "glassbox/inspect/attention_step.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>

#include "glassbox/core/error.hpp"

namespace glassbox {

QueryStep explain_query(std::span<const float> query, std::span<const float> key,
                        std::span<const float> value, const QueryStepSize& size,
                        std::span<const float> output_gradient, std::span<const float> out_weight) {
  const std::size_t T = size.tokens, d = size.head_size;
  require(T >= 1 && T <= 4096 && d >= 1 && d <= 4096 && size.heads >= 1 && size.heads <= 64,
          "a query step needs 1 to 4096 tokens, 1 to 64 heads and a head size of 1 to 4096");
  const std::size_t E = size.heads * d;
  require(query.size() == T * E && key.size() == T * E && value.size() == T * E,
          "query, key and value must each hold tokens × heads × head size = " +
              std::to_string(T * E) + " values");
  require(size.head < size.heads,
          "head " + std::to_string(size.head) + " does not exist; the layer has " +
              std::to_string(size.heads) + " (0 to " + std::to_string(size.heads - 1) + ")");
  require(size.position < T, "position " + std::to_string(size.position) +
                                 " does not exist; the sequence has " + std::to_string(T) +
                                 " tokens (0 to " + std::to_string(T - 1) + ")");
  require(output_gradient.empty() == out_weight.empty(),
          "give both the output gradient and the output weight, or neither");
  const std::size_t t = size.position, column = size.head * d;
  const auto at = [&](std::span<const float> m, std::size_t row, std::size_t i) {
    return m[row * E + column + i];
  };

  QueryStep s;
  s.scale = 1.0f / std::sqrt(static_cast<float>(d));  // the kernel's float32 1/√d
  s.query.resize(d);
  for (std::size_t i = 0; i < d; ++i) s.query[i] = at(query, t, i);
  s.dots.resize(T);
  s.scores.resize(T);
  s.masked.assign(T, 0);
  s.probabilities.assign(T, 0.0f);
  double largest = -std::numeric_limits<double>::infinity();
  for (std::size_t j = 0; j < T; ++j) {
    double dot = 0.0;
    for (std::size_t i = 0; i < d; ++i) dot += double{at(query, t, i)} * at(key, j, i);
    s.dots[j] = static_cast<float>(dot);
    s.masked[j] = size.causal && j > t ? 1 : 0;
    s.scores[j] =
        s.masked[j] ? -std::numeric_limits<float>::infinity() : static_cast<float>(dot * s.scale);
    if (!s.masked[j]) largest = std::max(largest, double{s.scores[j]});
  }
  double sum = 0.0;
  for (std::size_t j = 0; j < T; ++j)
    if (!s.masked[j]) sum += std::exp(s.scores[j] - largest);
  for (std::size_t j = 0; j < T; ++j)
    if (!s.masked[j])
      s.probabilities[j] = static_cast<float>(std::exp(s.scores[j] - largest) / sum);
  s.context.resize(d);
  for (std::size_t i = 0; i < d; ++i) {
    double c = 0.0;
    for (std::size_t j = 0; j < T; ++j) c += double{s.probabilities[j]} * at(value, j, i);
    s.context[i] = static_cast<float>(c);
  }
  if (output_gradient.empty()) return s;

  const std::size_t D = output_gradient.size();
  require(D >= 1 && out_weight.size() == E * D,
          "the output weight must be (heads × head size) × features = " + std::to_string(E) +
              " × " + std::to_string(D) + " values, got " + std::to_string(out_weight.size()));
  s.context_gradient.resize(d);
  for (std::size_t i = 0; i < d; ++i) {
    double g = 0.0;
    for (std::size_t f = 0; f < D; ++f)
      g += double{out_weight[(column + i) * D + f]} * output_gradient[f];
    s.context_gradient[i] = static_cast<float>(g);
  }
  s.probability_gradient.resize(T);
  double weighted = 0.0;  // Σ_i p_i ∂L/∂p_i
  for (std::size_t j = 0; j < T; ++j) {
    double g = 0.0;
    for (std::size_t i = 0; i < d; ++i) g += double{s.context_gradient[i]} * at(value, j, i);
    s.probability_gradient[j] = static_cast<float>(g);
    weighted += double{s.probabilities[j]} * g;
  }
  s.score_gradient.resize(T);
  for (std::size_t j = 0; j < T; ++j)
    s.score_gradient[j] =
        static_cast<float>(s.probabilities[j] * (double{s.probability_gradient[j]} - weighted));
  return s;
}

std::vector<double> aligned_attention_mass(std::span<const float> probabilities,
                                           std::span<const std::uint8_t> aligned, std::size_t heads,
                                           std::size_t tokens) {
  require(heads >= 1 && tokens >= 1 && heads <= 64 && tokens <= 4096,
          "aligned attention mass needs 1 to 64 heads and 1 to 4096 tokens");
  require(probabilities.size() == heads * tokens * tokens,
          "the probabilities must hold heads × tokens × tokens = " +
              std::to_string(heads * tokens * tokens) + " values, got " +
              std::to_string(probabilities.size()));
  require(aligned.size() == tokens * tokens,
          "the alignment must hold tokens × tokens = " + std::to_string(tokens * tokens) +
              " values, got " + std::to_string(aligned.size()));
  std::vector<double> out(heads, 0.0);
  for (std::size_t h = 0; h < heads; ++h) {
    double total = 0.0;
    std::size_t queries = 0;
    for (std::size_t t = 0; t < tokens; ++t) {
      double mass = 0.0;
      bool any = false;
      for (std::size_t j = 0; j < tokens; ++j)
        if (aligned[t * tokens + j] != 0) {
          any = true;
          mass += probabilities[(h * tokens + t) * tokens + j];
        }
      if (any) total += mass, ++queries;
    }
    out[h] = queries > 0 ? total / static_cast<double>(queries) : 0.0;
  }
  return out;
}

}  // namespace glassbox
