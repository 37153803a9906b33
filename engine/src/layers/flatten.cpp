#include "glassbox/layers/flatten.hpp"

#include <algorithm>

namespace glassbox {

LayerType Flatten::type_info() {
  return {"flatten",
          "reshapes a sample into one vector (C·H·W or T·D values)",
          {},
          [](const LayerSpec&, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Flatten>(input);
          }};
}

void Flatten::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  std::copy_n(x.begin(), batch * input_size(), y.begin());
}

void Flatten::backward(std::span<const float> /*x*/, std::span<const float> /*y*/,
                       std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (!dx.empty()) std::copy_n(dy.begin(), batch * input_size(), dx.begin());
}

}  // namespace glassbox

namespace glassbox {

// Row-major (C, H, W) → C·H·W in both, as nn.Flatten and ONNX Flatten(axis=1).
TorchModule Flatten::to_torch() const {
  return {"nn.Flatten()"};
}

std::string Flatten::to_onnx(OnnxGraph& graph, const std::string& input) const {
  return graph.add("Flatten", {input}, "output", {onnx_int("axis", 1)});
}

}  // namespace glassbox
