#pragma once
// An in-memory dataset, row-major. Inputs are either floats (N, D) or int32
// token ids (N, T). Targets are either float rows (N, K) (one-hot for
// classes, values for regression) or int32 class ids: one per sample (N, 1)
// or one per time step (N, T), where −1 means "ignore this position".
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace glassbox {

struct Dataset {
  std::size_t count = 0;
  std::size_t input_size = 0;
  std::size_t target_size = 0;
  std::vector<float> inputs;         // float inputs (N, input_size), or empty
  std::vector<std::int32_t> tokens;  // token ids (N, input_size), or empty
  std::vector<float> targets;        // float targets (N, target_size), or empty
  std::vector<std::int32_t> labels;  // class ids (N, target_size), −1 = ignore, or empty
  // Several independent yes/no outputs (a circuit's bits) rather than one
  // class: a sample's class is its bits read as a binary number, and it is
  // right only when every bit is.
  bool multilabel = false;

  bool has_tokens() const { return !tokens.empty(); }
  bool has_labels() const { return !labels.empty(); }
  // Throws Error if the buffers disagree with the sizes, or both or neither
  // of a pair (inputs/tokens, targets/labels) is given.
  void validate() const;
  // Sample i's inputs as floats (token ids are exact below 2²⁴); out: input_size.
  void copy_inputs(std::size_t i, std::span<float> out) const;
  // Class of sample i: its class id (labels, one per sample), or argmax of
  // its target row (for K = 1, target > 0.5; multilabel: the bits, target >
  // 0.5, as a binary number).
  std::size_t label(std::size_t i) const;
  // How many classes label() can return.
  std::size_t class_count() const;
};

// The first `count` samples (or all, if count is larger).
Dataset take_first(const Dataset& data, std::size_t count);

}  // namespace glassbox
