#pragma once
// A network's architecture: the one description used by the CLI, model files
// and the wasm API. Serialized as JSON, e.g.
//   {"input": 784, "loss": "softmax_cross_entropy",
//    "layers": [{"type": "dense", "units": 128, "init": "he_normal"}, {"type": "relu"},
//               {"type": "dropout", "rate": 0.2}, {"type": "leaky_relu", "alpha": 0.01}, ...]}
// Layer types: "dense", "dropout", and every activation name in activations.hpp.
#include <cstddef>
#include <string>
#include <vector>

#include "glassbox/loss.hpp"

namespace glassbox {

struct LayerSpec {
  std::string type;       // "dense", "dropout" or an activation name
  std::size_t units = 0;  // dense: output size
  std::string init;       // dense: initializer name (layers.hpp)
  float alpha = 0.0f;     // leaky_relu, elu: α
  float rate = 0.0f;      // dropout: probability of dropping a unit
};

struct Architecture {
  std::size_t input = 0;
  std::vector<LayerSpec> layers;
  LossKind loss = LossKind::softmax_cross_entropy;

  // Throws Error naming the layer index and the problem.
  void validate() const;
  std::size_t output_size() const;
  std::string to_json() const;
  static Architecture from_json(const std::string& text);

  // "784-128-64-10": dense layers with `activation` between them (one name,
  // or a comma list with one per hidden layer), then `dropout` after each
  // hidden activation when > 0. Cross-entropy models end with the last dense
  // layer (the loss applies softmax or sigmoid); MSE and Huber models apply the
  // activation to the output too. Init: `init` if given, else He (normal) for
  // the ReLU family and Xavier (uniform) otherwise.
  static Architecture from_sizes(const std::string& sizes, const std::string& activation,
                                 LossKind loss, float dropout = 0.0f, const std::string& init = "");
};

// Limits that keep a typo from allocating gigabytes.
inline constexpr std::size_t max_layer_units = 1 << 16;
inline constexpr std::size_t max_input_size = 1 << 20;
inline constexpr std::size_t max_layers = 64;
inline constexpr std::size_t max_parameters = std::size_t{64} << 20;

}  // namespace glassbox
