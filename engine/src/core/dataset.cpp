#include "glassbox/core/dataset.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/train/metrics.hpp"

namespace glassbox {

void Dataset::validate() const {
  require(count > 0, "the dataset is empty");
  require(inputs.size() == count * input_size,
          "dataset inputs hold " + std::to_string(inputs.size()) + " values, expected " +
              std::to_string(count) + " × " + std::to_string(input_size));
  require(targets.size() == count * target_size,
          "dataset targets hold " + std::to_string(targets.size()) + " values, expected " +
              std::to_string(count) + " × " + std::to_string(target_size));
}

std::size_t Dataset::label(std::size_t i) const {
  const float* row = targets.data() + i * target_size;
  if (multilabel) {
    std::size_t code = 0;
    for (std::size_t k = 0; k < target_size; ++k) code |= std::size_t{row[k] > 0.5f} << k;
    return code;
  }
  if (target_size == 1) return row[0] > 0.5f ? 1 : 0;
  return argmax(row, target_size);
}

std::size_t Dataset::class_count() const {
  if (multilabel) return std::size_t{1} << target_size;
  return target_size == 1 ? 2 : target_size;
}

Dataset take_first(const Dataset& data, std::size_t count) {
  Dataset part = data;
  part.count = std::min(count, data.count);
  part.inputs.resize(part.count * data.input_size);
  part.targets.resize(part.count * data.target_size);
  return part;
}

}  // namespace glassbox
