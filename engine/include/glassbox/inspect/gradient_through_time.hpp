#pragma once
// The gradient through time of a recurrent net: how much of each example's
// loss gradient reaches every step of its sequence. Used by `glassbox compare
// recurrent` (train/sequence_run.hpp), the lab and the Sequences page (wasm
// TrainingSession.gradientThroughTime), so the profile and the ratio are
// computed here once.
//
// For examples i = 1..n with their own loss L_i (the trainer's loss on a
// batch of that one example) and the first layer's hidden state h_t^(i):
//   profile[t] = (1/n) Σ_i ‖∂L_i/∂h_t^(i)‖          t = 1..T
//   ratio      = profile[1] / profile[T]            (0 when profile[T] = 0)
// Near 0: the gradient vanishes on its way back to the first step.
#include <cstddef>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

struct GradientThroughTime {
  std::size_t examples = 0;     // n
  std::vector<double> profile;  // T values, the mean of ‖∂L_i/∂h_t^(i)‖ over the examples
  double ratio = 0.0;           // profile[1] / profile[T]
};

// profile[0] / profile.back(), or 0 when the profile is empty or ends at 0.
double first_to_last_ratio(const std::vector<double>& profile);

// The first `count` examples of `examples` (all of them if fewer) through
// `model` in evaluation mode, one forward and one backward pass of the batch
// with each example's own loss gradient. The model's parameters and its
// gradient buffer are left as they were. The profile is read from the first
// recurrent layer (the first with a `grad_norm` internal: layer 0 of the
// sequence tasks' nets, layer 1 after an embedding). Throws Error when the
// model has no recurrent layer, when count is 0, or when the set does not fit
// the model.
GradientThroughTime gradient_through_time(Model& model, const Dataset& examples, std::size_t count);

}  // namespace glassbox
