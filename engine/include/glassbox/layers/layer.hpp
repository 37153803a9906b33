#pragma once
// The layer contract.
//
// A layer maps a batch x: (N, input_shape...) to y: (N, output_shape...), both
// row-major float32 with features last: a per-sample shape is (D), (T, D) or
// (C, H, W). Integer token ids travel as exact float values (all ids < 2²⁴).
// - Parameters live in the model's flat buffers: `bind` hands the layer views
//   of exactly `parameter_count()` floats of parameters and of gradients. The
//   layer never owns or reallocates them.
// - Per-batch buffers live in the model's arena: `bind_buffers` hands the
//   layer `cache_size(N)` floats it may fill in forward and read in backward
//   (masks, batch statistics, gate values) and a scratch workspace of
//   `workspace_size(N)` floats that any layer may overwrite. forward and
//   backward allocate nothing.
// - `forward` must not keep pointers to x or y: the model keeps every
//   activation and passes them back to `backward`.
// - `backward(x, y, dy, dx)` receives the same x and the y that the most recent
//   `forward` produced, and the upstream gradient dy = ∂L/∂y.
//   It ADDS ∂L/∂θ into its gradient view (the model zeroes gradients before a
//   batch) and OVERWRITES dx = ∂L/∂x. dx may be empty, meaning the caller does
//   not need it (the first layer); then the layer skips it.
#include <cstddef>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/core/shape.hpp"

namespace glassbox {

struct LayerSpec;
struct TorchModule;
class OnnxGraph;

// One named parameter tensor of a layer, in file order.
struct ParameterInfo {
  std::string name;  // "weight", "bias"
  Shape shape;
  bool is_weight = false;  // weights get L1/L2 penalties and max-norm; biases do not
};

// A named tensor inside a layer for the last forward pass, for the page to
// show: `values` holds N × element_count(shape) floats (shape is per sample).
struct Internal {
  std::string name;  // "pre_activation", "mask", "body.0.output"
  Shape shape;
  std::span<const float> values;
};

class Layer {
public:
  Layer(Shape input, Shape output);
  virtual ~Layer() = default;
  Layer(const Layer&) = delete;
  Layer& operator=(const Layer&) = delete;

  // The registry name ("dense", "relu", ...).
  virtual std::string_view type() const = 0;
  // The layer's description, as it would be written in an architecture
  // (its JSON fields with every default filled in).
  virtual LayerSpec spec() const = 0;

  const Shape& input_shape() const { return input_; }
  const Shape& output_shape() const { return output_; }
  std::size_t input_size() const { return input_size_; }
  std::size_t output_size() const { return output_size_; }

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
  // Training vs evaluation mode (dropout and batchnorm behave differently).
  virtual void set_training(bool /*training*/) {}

  // Arena sizes for a batch of N samples, in floats.
  virtual std::size_t cache_size(std::size_t /*batch*/) const { return 0; }
  virtual std::size_t workspace_size(std::size_t /*batch*/) const { return 0; }
  // Views of exactly cache_size(batch) and workspace_size(batch) floats.
  virtual void bind_buffers(std::span<float> cache, std::span<float> workspace,
                            std::size_t /*batch*/) {
    cache_ = cache;
    workspace_ = workspace;
  }

  virtual void forward(std::span<const float> x, std::span<float> y, std::size_t batch) = 0;
  // Fusion: computes this layer's output y and, in the same pass, `next`'s
  // output next_y (next reads y), when this layer knows how (a dense layer
  // followed by relu or leaky_relu). Returns false, touching nothing, when it
  // does not; the model then runs the two one after the other. Either way y
  // and next_y end up with the same bits.
  virtual bool forward_with_next(std::span<const float> /*x*/, std::span<float> /*y*/,
                                 const Layer& /*next*/, std::span<float> /*next_y*/,
                                 std::size_t /*batch*/) {
    return false;
  }
  virtual void backward(std::span<const float> x, std::span<const float> y,
                        std::span<const float> dy, std::span<float> dx, std::size_t batch) = 0;

  // Named tensors of the last forward (x and y are the ones it used).
  virtual std::vector<Internal> internals(std::span<const float> /*x*/,
                                          std::span<const float> /*y*/,
                                          std::size_t /*batch*/) const {
    return {};
  }

  // Export (layers/export.hpp), in evaluation mode: the layer as a PyTorch
  // module, and its ONNX nodes reading the value `input` (returns the name of
  // its output). The defaults throw Error "<type> layers cannot be exported
  // to ...", so an export never silently differs.
  virtual TorchModule to_torch() const;
  virtual std::string to_onnx(OnnxGraph& graph, const std::string& input) const;

protected:
  std::span<float> cache_, workspace_;

private:
  Shape input_, output_;
  std::size_t input_size_, output_size_;
};

}  // namespace glassbox
