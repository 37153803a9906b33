#pragma once
// Model files in the safetensors format, so a saved model also opens in
// Python/NumPy/PyTorch tooling:
//   8 bytes: little-endian u64 N, the header length
//   N bytes: JSON header {"__metadata__": {...}, "<name>": {"dtype": "F32",
//            "shape": [...], "data_offsets": [begin, end]}, ...}
//   then the raw little-endian float32 data.
// __metadata__ holds "format": "glassbox", "format_version" and the
// "architecture" JSON. Tensors are "layers.<i>.weight" (in, out) and
// "layers.<i>.bias" (out).
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "glassbox/model/model.hpp"

namespace glassbox {

// Version 2: shapes are features last (dense acts on the last axis, flatten is
// explicit). Version 1 files still load: an explicit flatten is inserted
// where a v1 dense layer read a multi-axis input flat.
inline constexpr int model_format_version = 2;

std::vector<std::uint8_t> save_safetensors(const Model& model);
// Throws Error with a message a user can act on: not a safetensors file,
// not a Glassbox model, unknown version, truncated or mismatched tensors.
Model load_safetensors(std::span<const std::uint8_t> bytes);

void save_model_file(const Model& model, const std::string& path);
Model load_model_file(const std::string& path);

}  // namespace glassbox
