#pragma once
// A network's architecture: the one description used by the CLI (--arch-file),
// model files and the wasm API. Serialized as JSON, e.g. a LeNet-style CNN:
//   {"input": [1, 28, 28], "loss": "softmax_cross_entropy", "layers": [
//     {"type": "conv2d", "filters": 8, "kernel": 5, "padding": 2}, {"type": "relu"},
//     {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
//     {"type": "dense", "units": 10}]}
// Each layer type's fields, ranges and defaults belong to its class and are
// listed by the registry (layers/registry.hpp, `glassbox layers`, and the
// wasm catalog). "input" is a per-sample shape, features last: a feature
// count (784), a sequence [T, D] or an image [channels, height, width].
// With "vocabulary": V, inputs are int32 token ids in [0, V) of shape [T].
#include <cstddef>
#include <string>
#include <vector>

#include "glassbox/core/shape.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/layers/spec.hpp"

namespace glassbox {

struct Architecture {
  Shape input;
  std::vector<LayerSpec> layers;
  LossKind loss = LossKind::softmax_cross_entropy;
  std::size_t vocabulary = 0;  // > 0: inputs are token ids in [0, vocabulary)

  std::size_t input_size() const { return element_count(input); }
  // Throws Error naming the layer index ("layer 3: ...") and the problem.
  void validate() const;
  // The per-sample shape after each layer (validates on the way).
  std::vector<Shape> shapes() const;
  // Trainable parameters of the built model (validates on the way, builds no weights).
  std::size_t parameter_count() const;
  Shape output_shape() const;
  std::size_t output_size() const;
  std::string to_json() const;
  // `format_version` 1 is the model-file format before shapes went features
  // last: its dense layers read any input as a flat vector, so an explicit
  // flatten is inserted before a dense layer that receives a multi-axis shape
  // (`inserted` gets the index of each inserted layer, in the new list).
  static Architecture from_json(const std::string& text, int format_version = 2,
                                std::vector<std::size_t>* inserted = nullptr);

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
inline constexpr std::size_t max_vocabulary = 1 << 20;
// JSON nested deeper than this is refused before parsing (no stack overflow).
inline constexpr std::size_t max_json_depth = 64;
// A JSON document longer than this (an architecture, a model file's header) is
// refused before parsing: real ones take a few kilobytes.
inline constexpr std::size_t max_json_bytes = std::size_t{1} << 20;

// Throws Error when `text` nests arrays/objects deeper than `limit`.
void check_json_depth(const std::string& text, std::size_t limit, const std::string& what);
// Throws Error when `text` is longer than max_json_bytes or nests deeper than
// max_json_depth, naming `what`.
void check_json_text(const std::string& text, const std::string& what);

}  // namespace glassbox
