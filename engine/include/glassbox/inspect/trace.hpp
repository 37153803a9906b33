#pragma once
// Every number of one forward and backward pass, for one sample: what the
// playground's step-through shows. Works for every layer type: each layer's
// output a⁽ˡ⁾, its upstream gradient δ⁽ˡ⁾ = ∂L/∂a⁽ˡ⁾ and its named internals.
// Traces run in eval mode (dropout is the identity).
//
// For the diagram, layers with an (in, out) weight (dense) are grouped with
// the parameterless layers that follow and keep their shape (activations):
//   z⁽ˡ⁾ = a⁽ˡ⁻¹⁾ · W + b         a⁽ˡ⁾ = f(z⁽ˡ⁾)
//   δ⁽ˡ⁾ = ∂L/∂z⁽ˡ⁾ = (δ⁽ˡ⁺¹⁾ · W⁽ˡ⁺¹⁾ᵀ) ⊙ f'(z⁽ˡ⁾)     (at the top: ∂L/∂output, through f)
//   ∂L/∂W_ij = a⁽ˡ⁻¹⁾_i · δ⁽ˡ⁾_j     ∂L/∂b_j = δ⁽ˡ⁾_j
#include <cstddef>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"

namespace glassbox {

// One layer of the trace (every layer type).
struct LayerTrace {
  std::size_t layer = 0;
  std::string type;
  Shape shape;                          // per-sample output shape
  std::vector<float> output, gradient;  // a⁽ˡ⁾ and ∂L/∂a⁽ˡ⁾
  std::vector<std::string> internal_names{};
  std::vector<Shape> internal_shapes{};
  std::vector<std::vector<float>> internal_values{};
  std::size_t parameter_offset = 0, parameter_count = 0;  // its ∂L/∂θ in `gradients`
};

// A dense layer with its following activations, for the network diagram.
struct NeuronLayerTrace {
  std::size_t layer = 0;             // the dense layer's index in the model
  std::string activation;            // "linear" when none follows
  std::size_t parameter_offset = 0;  // where its W (in × out) then b start in `gradients`
  std::vector<float> z, a, delta;    // (out) each
};

struct Trace {
  std::vector<float> input;
  std::vector<LayerTrace> all_layers;
  std::vector<NeuronLayerTrace> layers;
  std::vector<float> output;  // probabilities for cross-entropy, else raw outputs
  std::vector<float> target;
  float loss = 0.0f;             // the data loss (no penalties)
  std::vector<float> gradients;  // ∂L/∂θ, laid out like Model::parameters()
  // One optimizer step on this sample's gradient alone, Δθ, and θ + Δθ,
  // computed by a copy of the optimizer (its state included) on a copy of the
  // parameters: the model and the run are not changed. `quantities` is the
  // copy's per-parameter state after that step (Adam: m, v, m̂, v̂).
  std::string optimizer;  // "sgd", "adam", ...
  float learning_rate = 0.0f;
  std::vector<float> step, updated;
  std::vector<StepQuantity> quantities;
};

// Runs one sample forward and backward in eval mode. Leaves the parameters
// unchanged (the gradient buffer is overwritten). The step shown is
// `optimizer`'s (a clone of it), or plain SGD with `learning_rate` (η > 0).
Trace trace_sample(Model& model, std::span<const float> input, std::span<const float> target,
                   const Optimizer& optimizer);
Trace trace_sample(Model& model, std::span<const float> input, std::span<const float> target,
                   float learning_rate = 0.1f);
// A token model's sample: one class id per row of its logits (−1 = ignore),
// with the sparse softmax cross-entropy the trainer uses (kernels/loss.hpp).
Trace trace_sample_ids(Model& model, std::span<const float> input,
                       std::span<const std::int32_t> ids, const Optimizer& optimizer);

// The shared body: `loss(output, doutput)` returns L and writes ∂L/∂output.
using TraceLoss = std::function<float(std::span<const float>, std::span<float>)>;
Trace trace_with_loss(Model& model, std::span<const float> input, std::vector<float> target,
                      const Optimizer& optimizer, const TraceLoss& loss);

}  // namespace glassbox
