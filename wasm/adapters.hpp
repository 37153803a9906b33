#pragma once
// Conversions between JS values and engine types, and the error boundary:
// every adapter catches engine exceptions and returns a Result object
// ({ok: true, value} or {ok: false, error}), so no C++ exception reaches JS.
// Arrays cross whole, and data leaving C++ is copied at once (a memory view
// would die when the wasm memory grows).
#include <emscripten/val.h>

#include <optional>
#include <string>

#include "glassbox/inspect/trace.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox::wasm {

using emscripten::val;

// A JS-owned handle to a model; empty until loaded or built.
class NetworkHandle {
public:
  val load_safetensors(const val& bytes);
  val build(const val& architecture_json, const val& seed);
  bool is_loaded() const { return model_.has_value(); }
  val predict(const val& input);
  // One forward pass, every layer's output and internals: Result<{output:
  // Float32Array, layers: [{type, size, shape, values: Float32Array,
  // internals: [{name, shape, values}]}]}>. `output` is predict's.
  val forward_all(const val& input);
  // forward_all for `count` samples at once (e.g. a grid of 2-D points for
  // heatmaps): values are (count × size) per layer.
  val forward_batch(const val& inputs, const val& count);
  // Every number of one forward + backward pass (trace.hpp), parameters unchanged.
  val trace(const val& input, const val& target, const val& learning_rate);
  // Result<{count, correct, accuracy, meanLoss, ...}>: the engine's evaluation of
  // this network over data ({inputs, targets, count}, as for training), e.g.
  // the mean loss of a batch. Defined in training_adapter.cpp, beside the
  // dataset reader it shares with TrainingSession.
  val evaluate(const val& data);
  // [{type, inputSize, outputSize, inputShape, outputShape, parameterOffset,
  //   parameterCount, tensors: [{name, shape, offset, isState}]}]
  val layers() const;
  // Result<Float32Array>: a copy of the flat parameter buffer.
  val parameters() const;
  // Result<{from: Uint32Array, to: Uint32Array, value: Float32Array}>: the k
  // largest |w·a| into dense layer `layer` for the last forward pass.
  val top_contributions(const val& layer, const val& k) const;
  // The same, into one neuron only (ranks `in` values, not in × out).
  val top_contributions_into(const val& layer, const val& neuron, const val& k) const;
  // Result<{name, shape, values}>: layer `layer`'s tensor `name` ("weight").
  val weights(const val& layer, const val& name) const;
  // Result<null>: replaces every parameter (a Float32Array as long as
  // parameters()); the lessons set a neuron's weights by hand with it.
  val set_parameters(const val& values);
  val to_safetensors() const;
  // Result<Uint8Array>: the model as a PyTorch module (UTF-8 Python source,
  // format "pytorch") or an ONNX file ("onnx"); see export_model below.
  val export_model(const val& format, const val& model_file) const;
  std::size_t input_size() const;
  std::size_t output_size() const;
  std::size_t parameter_count() const;
  std::string architecture_json() const;
  // The character model (char_model_adapter.cpp): Result<{text, probabilities:
  // Float64Array}> of sample_text, and Result<Float32Array> of one LSTM unit's
  // h_t per character of `text` (train/char_model.hpp).
  val sample_text(const val& prompt, const val& count, const val& temperature, const val& seed);
  val unit_activations(const val& text, const val& unit);

private:
  Model& model();
  val contributions(const val& layer, const val& k, const val& neuron) const;
  std::optional<Model> model_;
};

// Result<Uint8Array>: `model` exported (engine/include/glassbox/export/export.hpp)
// as "pytorch" or "onnx"; `model_file` is the .safetensors name the Python
// module's usage line loads. A layer that cannot be exported is an error naming it.
val export_model(const Model& model, const val& format, const val& model_file);

// {layers: [{name, summary, fields: [{name, kind, help, required, min?, max?,
// maxExclusive?, choices?, default?}]}], activations, losses, optimizers,
// initializers}: what the engine accepts, for the web's pickers.
val catalog();
// A trace as JS: {input, layers, allLayers, output, target, loss, lossName,
// gradients, optimizer, learningRate, step, updated, quantities}.
val trace_to_js(const Trace& trace, const Model& model);
// [{name, group, teaches, arch, activation, loss, optimizer, learningRate, epochs, batchSize}]
val problem_catalog();
// Result<{train: Data, test: Data, multilabel}> with Data = {inputs, targets, count, inputSize,
// targetSize}; options {seed?, samples?, noise?, classes?}.
val make_problem(const val& name, const val& options);

val preprocess_digit(const val& rgba, const val& width, const val& height);
val read_idx(const val& bytes);
std::string version();
// The allocator's in-use bytes (dlmalloc mallinfo().uordblks): what leak and
// heap-bound tests measure, since a wasm memory never shrinks.
double heap_in_use_bytes();

}  // namespace glassbox::wasm
