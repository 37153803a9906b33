#pragma once
// Builds a layer from its architecture description, given the shape it receives.
#include <memory>

#include "glassbox/layers/layer.hpp"
#include "glassbox/model/architecture.hpp"

namespace glassbox {

// Throws Error when the layer cannot take `input` (e.g. a 5×5 kernel on a 3×3
// image); callers prefix the layer's position.
std::unique_ptr<Layer> make_layer(const LayerSpec& spec, const Shape& input);

}  // namespace glassbox
