#pragma once
// A network's architecture: the one description used by the CLI (--arch-file),
// model files and the wasm API. Serialized as JSON, e.g. a LeNet-style CNN:
//   {"input": [1, 28, 28], "loss": "softmax_cross_entropy", "layers": [
//     {"type": "conv2d", "filters": 8, "kernel": 5, "padding": 2}, {"type": "relu"},
//     {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
//     {"type": "dense", "units": 10}]}
// Layer types and their fields:
//   dense      units, init              conv2d     filters, kernel, stride (1), padding (0), init
//   maxpool2d  size (2)                 avgpool2d  size (2)
//   flatten                             dropout    rate
//   batchnorm                           layernorm
//   residual   layers: [...] (the body; a projection is added when its shape changes)
//   and every activation name in activations.hpp (leaky_relu, elu: alpha).
// "input" is a feature count (784) or an image shape [channels, height, width].
#include <cstddef>
#include <string>
#include <vector>

#include "glassbox/core/shape.hpp"
#include "glassbox/kernels/loss.hpp"

namespace glassbox {

struct LayerSpec {
  std::string type{};     // "dense", "conv2d", ..., or an activation name
  std::size_t units = 0;  // dense: output size
  std::string init{};     // dense, conv2d: initializer name (layers.hpp)
  float alpha = 0.0f;     // leaky_relu, elu: α
  float rate = 0.0f;      // dropout: probability of dropping a unit
  std::size_t filters = 0, kernel = 0, stride = 1, padding = 0;  // conv2d
  std::size_t size = 2;                                          // pooling window
  std::vector<LayerSpec> layers{};                               // residual body
};

struct Architecture {
  Shape input;
  std::vector<LayerSpec> layers;
  LossKind loss = LossKind::softmax_cross_entropy;

  std::size_t input_size() const { return element_count(input); }
  // Throws Error naming the layer index ("layer 3: ...") and the problem.
  void validate() const;
  // The per-sample shape after each layer (validates on the way).
  std::vector<Shape> shapes() const;
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
