#pragma once
// Looking inside a model after a forward pass: what the 3D view and the
// neuron panels draw. All values come from the model's own buffers.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/model/model.hpp"

namespace glassbox {

// One weighted input into a neuron: w[from][to] · a[from].
struct Contribution {
  std::uint32_t from;  // index in the dense layer's input
  std::uint32_t to;    // index in its output
  float value;         // w · a (its sign says excite or inhibit)
};

// The k contributions with the largest |w · a| into a layer with a 2-D
// weight W: (in, out) on a flat input (dense), for sample `sample` of the last
// forward, largest first. Ties keep (from, to) order. With `to` set, only the
// contributions into that one output neuron are ranked (in values, not in·out).
inline constexpr std::size_t all_neurons = static_cast<std::size_t>(-1);
std::vector<Contribution> top_contributions(const Model& model, std::size_t layer, std::size_t k,
                                            std::size_t sample = 0, std::size_t to = all_neurons);

// The L2 norm of the gradient of every weight tensor (biases and norm
// parameters left out), named like its safetensors tensor, in layer order.
// Read after a backward pass: shows where gradients vanish or explode.
struct GradientNorm {
  std::string name;
  float norm;
};
std::vector<GradientNorm> weight_gradient_norms(const Model& model);

}  // namespace glassbox
