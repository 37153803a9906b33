#pragma once
// A sequential model. It owns one flat parameter buffer and one flat gradient
// buffer; each layer holds views into them (so an optimizer is one loop, saving
// is one write, and the web reads weights through one view).
//
// It also owns one arena for a batch: the input, every layer's output, every
// layer's cache, one shared workspace and two gradient buffers for backward.
// The arena is sized when the batch size first grows; after that a training
// step allocates nothing.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "glassbox/layers/layer.hpp"
#include "glassbox/model/architecture.hpp"

namespace glassbox {

// A weight tensor in the flat parameter buffer (biases and norm scales are
// not weights): what L1/L2 penalties and max-norm act on.
struct WeightRange {
  std::size_t offset, count;
  Shape shape;
};

// A named tensor of a layer's parameters, located in the flat buffer.
struct NamedTensor {
  std::string name;  // "layers.3.weight" (as in the model file)
  Shape shape;
  std::size_t offset;  // in parameters() (or state(), for is_state)
  bool is_state;
};

class Model {
public:
  // Builds the layers and initializes the weights from `seed`.
  Model(const Architecture& architecture, std::uint64_t seed);

  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;

  const Architecture& architecture() const { return architecture_; }
  const Shape& input_shape() const { return architecture_.input; }
  const Shape& output_shape() const { return output_shape_; }
  std::size_t input_size() const { return input_size_; }
  std::size_t output_size() const { return output_size_; }
  std::size_t layer_count() const { return layers_.size(); }
  const Layer& layer(std::size_t i) const { return *layers_.at(i); }
  Layer& layer(std::size_t i) { return *layers_.at(i); }

  std::span<float> parameters() { return parameters_; }
  std::span<const float> parameters() const { return parameters_; }
  std::span<float> gradients() { return gradients_; }
  std::span<const float> gradients() const { return gradients_; }
  // Offset of layer i's first parameter in the flat buffer.
  std::size_t parameter_offset(std::size_t i) const { return offsets_.at(i); }
  // Non-trainable state (BatchNorm running statistics), saved with the model.
  std::span<float> state() { return state_; }
  std::span<const float> state() const { return state_; }
  std::size_t state_offset(std::size_t i) const { return state_offsets_.at(i); }
  // Every weight tensor, in buffer order (computed once).
  const std::vector<WeightRange>& weight_ranges() const { return weight_ranges_; }
  // Every parameter and state tensor, named as in the model file, in order.
  std::vector<NamedTensor> named_tensors() const;
  // Layer i's tensor `name` ("weight", "body.0.bias", "running_mean");
  // throws Error listing the layer's tensors when there is none.
  NamedTensor tensor(std::size_t layer, const std::string& name) const;

  // Re-draws every weight from `seed` (same seed, same weights, in every build).
  void initialize(std::uint64_t seed);

  // x: (batch, input...) → raw outputs (batch, output...): logits for softmax
  // cross-entropy. The returned span stays valid until the next forward.
  // Token models: x holds the ids as floats; each must be in [0, vocabulary).
  std::span<const float> forward(std::span<const float> x, std::size_t batch);
  // Backpropagates d(outputs) of the last forward; ADDS into gradients().
  // With keep_layer_gradients, output_gradient(i) = ∂L/∂(output of layer i)
  // stays readable afterwards (for traces; training does not need it).
  void backward(std::span<const float> doutput, bool keep_layer_gradients = false);
  std::span<const float> output_gradient(std::size_t i) const;
  void zero_gradients();

  // Training mode turns dropout on; evaluation mode (the default) turns it off.
  void set_training(bool training);
  bool training() const { return training_; }

  // Probabilities for cross-entropy models (softmax over the last axis, or
  // sigmoid for binary cross-entropy), raw outputs otherwise.
  std::vector<float> predict(std::span<const float> x, std::size_t batch);

  // Samples in the last forward.
  std::size_t batch() const { return batch_; }
  // Activation after layer i for the last forward: (batch, layer(i).output_size()).
  std::span<const float> activation(std::size_t i) const;
  // What layer i received in the last forward: (batch, layer(i).input_size()).
  std::span<const float> layer_input(std::size_t i) const;
  // Layer i's named internal tensors for the last forward.
  std::vector<Internal> internals(std::size_t i) const;

  // Sizes the arena for `batch` samples (forward does this itself).
  void reserve(std::size_t batch);
  // Floats the arena holds now (for tests and the memory readout).
  std::size_t arena_size() const { return arena_.size(); }

private:
  Architecture architecture_;
  Shape output_shape_;
  std::size_t input_size_ = 0, output_size_ = 0;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<std::size_t> offsets_, state_offsets_;
  std::vector<float> parameters_, gradients_, state_;
  std::vector<WeightRange> weight_ranges_;
  // The arena and its views: activations_[0] is the input, activations_[i + 1]
  // is layer i's output.
  std::vector<float> arena_;
  std::vector<std::span<float>> activations_, caches_;
  std::span<float> grad_a_, grad_b_;                  // ping-pong buffers for backward
  std::vector<std::vector<float>> output_gradients_;  // kept on request (traces)
  std::size_t arena_batch_ = 0;                       // the batch the views are laid out for
  std::size_t batch_ = 0;
  bool training_ = false;
};

}  // namespace glassbox
