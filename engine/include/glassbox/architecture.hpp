#pragma once
// A network's architecture: the one description used by the CLI, model files
// and the wasm API. Serialized as JSON, e.g.
//   {"input": 784, "loss": "softmax_cross_entropy",
//    "layers": [{"type": "dense", "units": 128, "init": "he"}, {"type": "relu"}, ...]}
#include <cstddef>
#include <string>
#include <vector>

#include "glassbox/loss.hpp"

namespace glassbox {

struct LayerSpec {
  std::string type;       // "dense", "relu", "sigmoid"
  std::size_t units = 0;  // dense only
  std::string init = "";  // dense only: "he" or "xavier"
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

  // "784-128-64-10": dense layers with `activation` ("relu" or "sigmoid")
  // between them and none after the last. He init for ReLU, Xavier otherwise.
  static Architecture from_sizes(const std::string& sizes, const std::string& activation,
                                 LossKind loss);
};

// Limits that keep a typo from allocating gigabytes.
inline constexpr std::size_t max_layer_units = 1 << 16;
inline constexpr std::size_t max_input_size = 1 << 20;
inline constexpr std::size_t max_layers = 64;
inline constexpr std::size_t max_parameters = std::size_t{64} << 20;

}  // namespace glassbox
