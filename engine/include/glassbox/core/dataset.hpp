#pragma once
// An in-memory dataset: inputs (N, D) and targets (N, K), row-major.
// Classification targets are one-hot rows; regression targets are values.
#include <cstddef>
#include <vector>

namespace glassbox {

struct Dataset {
  std::size_t count = 0;
  std::size_t input_size = 0;
  std::size_t target_size = 0;
  std::vector<float> inputs;
  std::vector<float> targets;
  // Several independent yes/no outputs (a circuit's bits) rather than one
  // class: a sample's class is its bits read as a binary number, and it is
  // right only when every bit is.
  bool multilabel = false;

  // Throws Error if the buffers disagree with the sizes.
  void validate() const;
  // Class of sample i: argmax of its target row (for K = 1, target > 0.5;
  // multilabel: the bits, target > 0.5, as a binary number).
  std::size_t label(std::size_t i) const;
  // How many classes label() can return.
  std::size_t class_count() const;
};

// The first `count` samples (or all, if count is larger).
Dataset take_first(const Dataset& data, std::size_t count);

}  // namespace glassbox
