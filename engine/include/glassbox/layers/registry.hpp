#pragma once
// The layer registry: every layer type by name, with its fields, so nothing
// outside it branches on a type string. Registration is one line per type
// (registry.cpp); see engine/README.md for the add-a-layer recipe.
#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/spec.hpp"

namespace glassbox {

struct LayerType {
  std::string name;
  std::string summary;  // one line for the catalog
  std::vector<FieldInfo> fields;
  // Builds the layer for a checked spec and the per-sample shape it receives;
  // throws Error when the layer cannot take that shape.
  std::unique_ptr<Layer> (*create)(const LayerSpec& spec, const Shape& input) = nullptr;
};

// Composite layers nest (residual inside residual); deeper nesting than this
// is refused, so a hostile file cannot exhaust the stack.
inline constexpr std::size_t max_layer_nesting = 8;

const std::vector<LayerType>& layer_types();
// Throws Error naming the unknown type and listing the known ones.
const LayerType& layer_type(const std::string& name);
// Checks every field of `spec` against its type (unknown keys, kinds, ranges,
// choices), fills in defaults and checks the body of composites. Errors start
// with `at` ("layer 3: ").
LayerSpec checked_spec(const LayerSpec& spec, const std::string& at, std::size_t depth = 0);
// Builds a layer from a checked spec.
std::unique_ptr<Layer> make_layer(const LayerSpec& spec, const Shape& input);
// "units, init": the field names of a type, for error messages.
std::string field_names(const LayerType& type);

}  // namespace glassbox
