#pragma once
// Models that leave Glassbox, in evaluation mode (dropout off, batchnorm on
// its running statistics), computing the engine's raw outputs (logits for a
// cross-entropy model):
// - PyTorch: a self-contained Python module (torch and numpy only) with an
//   nn.Module that builds the architecture, `load(path)` that reads a Glassbox
//   .safetensors file into it and `save(model, path)` that writes one back.
// - ONNX: a model file, opset 17 (IR version 8), input "input" of shape
//   (batch, ...input shape) and output "output" (batch, ...output shape), both
//   float32 (a token model's ids too, as whole numbers; the graph casts them
//   to int64 for Gather). Every layer type exports, in standard ops only:
//   recurrent layers as ONNX RNN / LSTM / GRU, attention as MatMul, Reshape,
//   Transpose and Softmax.
// Each layer says what it becomes (Layer::to_torch, Layer::to_onnx); a layer
// that cannot be exported throws Error "layer <i>: <type> layers cannot be
// exported to ...", and nothing is written.
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/layers/export.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

inline constexpr std::int64_t onnx_opset = 17;
inline constexpr std::int64_t onnx_ir_version = 8;

// `model_file`: the file name the module's usage comment suggests loading.
std::string export_pytorch(const Model& model, const std::string& model_file = "model.safetensors");
std::vector<std::uint8_t> export_onnx(const Model& model);

// Top-level layer `index` of a model into `graph`, its names scoped
// "layers.<index>."; returns its output's name. An Error from the layer (a
// type that cannot be exported) comes out as "layer <index>: <message>".
std::string export_onnx_layer(OnnxGraph& graph, const Layer& layer, std::size_t index,
                              const std::string& input);

}  // namespace glassbox
