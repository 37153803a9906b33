#pragma once
// Regularization and gradient clipping over the model's flat buffers.
#include <span>

#include "glassbox/model/model.hpp"

namespace glassbox {

// Penalties on weights only (never biases), added to the reported loss:
//   L1: λ₁ Σ|w|       ∂/∂w = λ₁ sign(w)
//   L2: ½ λ₂ Σ w²     ∂/∂w = λ₂ w
// Adds the penalty gradients into model.gradients(); returns the penalty.
float add_weight_penalties(Model& model, float l1, float l2);

// Max-norm constraint (Srivastava et al. 2014): each neuron's incoming weight
// vector w_j (a column of a dense W, or one conv filter) is rescaled to norm c when ‖w_j‖ > c.
void apply_max_norm(Model& model, float c);

// Clipping by global norm: if ‖g‖₂ > c, g ← g · c / ‖g‖₂. Returns ‖g‖₂ before.
float clip_by_global_norm(std::span<float> grads, float c);
// Clipping by value: g_i ← clamp(g_i, −c, c).
void clip_by_value(std::span<float> grads, float c);

}  // namespace glassbox
