#pragma once
// The layer contract.
//
// A layer maps a batch x: (N, in) to y: (N, out), both row-major float32.
// - Parameters live in the model's flat buffers: `bind` hands the layer views
//   of exactly `parameter_count()` floats of parameters and of gradients. The
//   layer never owns or reallocates them.
// - `forward` must not keep pointers to x or y: the model keeps every
//   activation and passes them back to `backward`.
// - `backward(x, y, dy, dx)` receives the same x and the y that the most recent
//   `forward` produced, and the upstream gradient dy = ∂L/∂y: (N, out).
//   It ADDS ∂L/∂θ into its gradient view (the model zeroes gradients before a
//   batch) and OVERWRITES dx = ∂L/∂x: (N, in). dx may be empty, meaning the
//   caller does not need it (the first layer); then the layer skips it.
#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/core/shape.hpp"

namespace glassbox {

// One named parameter tensor of a layer, in file order.
struct ParameterInfo {
  std::string name;  // "weight", "bias"
  Shape shape;
  bool is_weight = false;  // weights get L1/L2 penalties and max-norm; biases do not
};

class Layer {
public:
  virtual ~Layer() = default;

  virtual std::string type() const = 0;
  virtual std::size_t input_size() const = 0;
  virtual std::size_t output_size() const = 0;
  // Per-sample output shape: (features) for flat layers, (channels, height,
  // width) for image layers. Its product is output_size().
  virtual Shape output_shape() const { return {output_size()}; }

  virtual std::vector<ParameterInfo> parameters() const { return {}; }
  std::size_t parameter_count() const;
  virtual void bind(std::span<float> /*params*/, std::span<float> /*grads*/) {}
  // Non-trainable tensors saved with the model (BatchNorm's running
  // statistics): a separate buffer, so no optimizer ever touches them.
  virtual std::vector<ParameterInfo> state() const { return {}; }
  std::size_t state_count() const;
  virtual void bind_state(std::span<float> /*state*/) {}
  // Draws parameters (and resets state) after bind and bind_state.
  virtual void initialize(Rng& /*rng*/) {}
  // Training vs evaluation mode (only dropout behaves differently).
  virtual void set_training(bool /*training*/) {}

  virtual void forward(std::span<const float> x, std::span<float> y, std::size_t batch) = 0;
  virtual void backward(std::span<const float> x, std::span<const float> y,
                        std::span<const float> dy, std::span<float> dx, std::size_t batch) = 0;
};

}  // namespace glassbox
