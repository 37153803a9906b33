#include "glassbox/train/regularization.hpp"

#include <algorithm>
#include <cmath>

namespace glassbox {

float add_weight_penalties(Model& model, float l1, float l2) {
  if (l1 == 0.0f && l2 == 0.0f) return 0.0f;
  double penalty = 0.0;
  auto params = model.parameters();
  auto grads = model.gradients();
  for (const WeightRange& range : model.weight_ranges()) {
    for (std::size_t k = range.offset; k < range.offset + range.count; ++k) {
      const float w = params[k];
      penalty += double{l1} * std::abs(w) + 0.5 * double{l2} * w * w;
      grads[k] += l1 * static_cast<float>((w > 0.0f) - (w < 0.0f)) + l2 * w;
    }
  }
  return static_cast<float>(penalty);
}

void apply_max_norm(Model& model, float c) {
  auto params = model.parameters();
  for (const WeightRange& range : model.weight_ranges()) {
    // Each output unit's incoming weights: a column of a dense W (in, out),
    // a filter of a conv W (OC, C, k, k).
    const bool columns = range.shape.size() == 2;
    const std::size_t units = columns ? range.shape[1] : range.shape[0];
    const std::size_t fan_in = range.count / units;
    float* w = params.data() + range.offset;
    const auto at = [&](std::size_t unit, std::size_t k) -> float& {
      return columns ? w[k * units + unit] : w[unit * fan_in + k];
    };
    for (std::size_t j = 0; j < units; ++j) {
      double squared = 0.0;
      for (std::size_t k = 0; k < fan_in; ++k) squared += double{at(j, k)} * at(j, k);
      const double norm = std::sqrt(squared);
      if (norm <= c) continue;
      const float scale = static_cast<float>(c / norm);
      for (std::size_t k = 0; k < fan_in; ++k) at(j, k) *= scale;
    }
  }
}

float clip_by_global_norm(std::span<float> grads, float c) {
  double squared = 0.0;
  for (float g : grads) squared += double{g} * g;
  const double norm = std::sqrt(squared);
  if (norm > c) {
    const float scale = static_cast<float>(c / norm);
    for (float& g : grads) g *= scale;
  }
  return static_cast<float>(norm);
}

void clip_by_value(std::span<float> grads, float c) {
  for (float& g : grads) g = std::clamp(g, -c, c);
}

}  // namespace glassbox
