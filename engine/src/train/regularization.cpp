#include "glassbox/train/regularization.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/layers/layers.hpp"

namespace glassbox {

float add_weight_penalties(Model& model, float l1, float l2) {
  if (l1 == 0.0f && l2 == 0.0f) return 0.0f;
  double penalty = 0.0;
  auto params = model.parameters();
  auto grads = model.gradients();
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    std::size_t offset = model.parameter_offset(i);
    for (const auto& p : model.layer(i).parameters()) {
      const std::size_t count = element_count(p.shape);
      if (p.is_weight) {
        for (std::size_t k = offset; k < offset + count; ++k) {
          const float w = params[k];
          penalty += double{l1} * std::abs(w) + 0.5 * double{l2} * w * w;
          grads[k] += l1 * static_cast<float>((w > 0.0f) - (w < 0.0f)) + l2 * w;
        }
      }
      offset += count;
    }
  }
  return static_cast<float>(penalty);
}

void apply_max_norm(Model& model, float c) {
  auto params = model.parameters();
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    const Layer& layer = model.layer(i);
    if (layer.type() != "dense") continue;
    const std::size_t in = layer.input_size(), out = layer.output_size();
    float* w = params.data() + model.parameter_offset(i);  // W: (in, out), weights first
    for (std::size_t j = 0; j < out; ++j) {
      double squared = 0.0;
      for (std::size_t k = 0; k < in; ++k) squared += double{w[k * out + j]} * w[k * out + j];
      const double norm = std::sqrt(squared);
      if (norm <= c) continue;
      const float scale = static_cast<float>(c / norm);
      for (std::size_t k = 0; k < in; ++k) w[k * out + j] *= scale;
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
