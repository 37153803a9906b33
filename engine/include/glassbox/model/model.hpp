#pragma once
// A sequential model. It owns one flat parameter buffer and one flat gradient
// buffer; each layer holds views into them (so an optimizer is one loop, saving
// is one write, and the web reads weights through one view). It also owns the
// activation of every layer for the last batch, which backward reuses.
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

#include "glassbox/layers/layer.hpp"
#include "glassbox/model/architecture.hpp"

namespace glassbox {

class Model {
public:
  // Builds the layers and initializes the weights from `seed`.
  Model(const Architecture& architecture, std::uint64_t seed);

  Model(const Model&) = delete;
  Model& operator=(const Model&) = delete;
  Model(Model&&) = default;
  Model& operator=(Model&&) = default;

  const Architecture& architecture() const { return architecture_; }
  std::size_t input_size() const { return architecture_.input_size(); }
  std::size_t output_size() const { return architecture_.output_size(); }
  std::size_t layer_count() const { return layers_.size(); }
  const Layer& layer(std::size_t i) const { return *layers_.at(i); }

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

  // Re-draws every weight from `seed` (same seed, same weights, in every build).
  void initialize(std::uint64_t seed);

  // x: (batch, input) → raw outputs (batch, output): logits for softmax
  // cross-entropy. The returned span stays valid until the next forward.
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

  // Probabilities for cross-entropy models (softmax, or sigmoid for binary
  // cross-entropy), raw outputs otherwise.
  // x: (batch, input) → (batch, output).
  std::vector<float> predict(std::span<const float> x, std::size_t batch);

  // Activation after layer i for the last forward: (batch, layer(i).output_size()).
  std::span<const float> activation(std::size_t i) const;
  // What layer i received in the last forward: (batch, layer(i).input_size()).
  std::span<const float> layer_input(std::size_t i) const;

private:
  Architecture architecture_;
  std::vector<std::unique_ptr<Layer>> layers_;
  std::vector<std::size_t> offsets_, state_offsets_;
  std::vector<float> parameters_, gradients_, state_;
  // activations_[0] is the input, activations_[i + 1] is layer i's output.
  std::vector<std::vector<float>> activations_;
  std::vector<float> grad_a_, grad_b_;                // ping-pong buffers for backward
  std::vector<std::vector<float>> output_gradients_;  // kept on request
  std::size_t batch_ = 0;
  bool training_ = false;
};

}  // namespace glassbox
