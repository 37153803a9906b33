#include "glassbox/layers/layer_factory.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/image_layers.hpp"
#include "glassbox/layers/layers.hpp"
#include "glassbox/layers/norm_layers.hpp"
#include "glassbox/layers/residual.hpp"

namespace glassbox {

std::unique_ptr<Layer> make_layer(const LayerSpec& spec, const Shape& input) {
  const std::size_t size = element_count(input);
  if (spec.type == "dense") {
    // A dense layer reads any input as a flat vector.
    return std::make_unique<Dense>(size, spec.units, parse_init(spec.init));
  }
  if (spec.type == "dropout") {
    auto layer = std::make_unique<Dropout>(spec.rate, size);
    layer->set_shape(input);
    return layer;
  }
  if (spec.type == "conv2d") {
    return std::make_unique<Conv2D>(input, spec.filters, spec.kernel, spec.stride, spec.padding,
                                    parse_init(spec.init));
  }
  if (spec.type == "maxpool2d")
    return std::make_unique<Pool2D>(Pool2D::Kind::max, input, spec.size);
  if (spec.type == "avgpool2d") {
    return std::make_unique<Pool2D>(Pool2D::Kind::average, input, spec.size);
  }
  if (spec.type == "flatten") return std::make_unique<Flatten>(input);
  if (spec.type == "batchnorm") return std::make_unique<BatchNorm>(input);
  if (spec.type == "layernorm") return std::make_unique<LayerNorm>(input);
  if (spec.type == "residual") return std::make_unique<Residual>(input, spec.layers);
  // Activations keep the image shape, so conv → relu → pool works.
  auto layer = std::make_unique<Activation>(parse_activation(spec.type), spec.alpha, size);
  layer->set_shape(input);
  return layer;
}

}  // namespace glassbox
