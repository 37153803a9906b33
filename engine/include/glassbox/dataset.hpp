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

  // Throws Error if the buffers disagree with the sizes.
  void validate() const;
  // Class of sample i: argmax of its target row (for K = 1, target > 0.5).
  std::size_t label(std::size_t i) const;
};

// The first `count` samples (or all, if count is larger).
Dataset take_first(const Dataset& data, std::size_t count);

}  // namespace glassbox
