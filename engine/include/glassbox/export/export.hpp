#pragma once
// Models that leave Glassbox, in evaluation mode (dropout off, batchnorm on
// its running statistics), computing the engine's raw outputs (logits for a
// cross-entropy model):
// - PyTorch: a self-contained Python module (torch and numpy only) with an
//   nn.Module that builds the architecture, `load(path)` that reads a Glassbox
//   .safetensors file into it and `save(model, path)` that writes one back.
// - ONNX: a model file, opset 17 (IR version 8), input "input" of shape
//   (batch, ...input shape) and output "output" (batch, ...output shape).
// Each layer says what it becomes (Layer::to_torch, Layer::to_onnx); a layer
// that cannot be exported throws Error "layer <i>: <type> layers cannot be
// exported to ...", and nothing is written.
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/model/model.hpp"

namespace glassbox {

inline constexpr std::int64_t onnx_opset = 17;
inline constexpr std::int64_t onnx_ir_version = 8;

// `model_file`: the file name the module's usage comment suggests loading.
std::string export_pytorch(const Model& model, const std::string& model_file = "model.safetensors");
std::vector<std::uint8_t> export_onnx(const Model& model);

}  // namespace glassbox
