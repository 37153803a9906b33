#include "glassbox/core/dataset.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"
#include "glassbox/train/metrics.hpp"

namespace glassbox {

void Dataset::validate() const {
  require(count > 0, "the dataset is empty");
  require(inputs.empty() != tokens.empty(),
          "a dataset has either float inputs or token ids, not both and not neither");
  require(targets.empty() != labels.empty(),
          "a dataset has either float targets or class ids, not both and not neither");
  const std::size_t in = checked_multiply(count, input_size, "the dataset's inputs");
  const std::size_t out = checked_multiply(count, target_size, "the dataset's targets");
  const std::size_t in_held = has_tokens() ? tokens.size() : inputs.size();
  require(in_held == in, std::string("dataset ") + (has_tokens() ? "tokens" : "inputs") + " hold " +
                             std::to_string(in_held) + " values, expected " +
                             std::to_string(count) + " × " + std::to_string(input_size));
  const std::size_t out_held = has_labels() ? labels.size() : targets.size();
  require(out_held == out, std::string("dataset ") + (has_labels() ? "labels" : "targets") +
                               " hold " + std::to_string(out_held) + " values, expected " +
                               std::to_string(count) + " × " + std::to_string(target_size));
  // NaN or infinity in the data would surface later as a "diverged" loss,
  // which sends the user to the learning rate: name the value instead.
  const auto check_finite = [](const std::vector<float>& values, std::size_t width,
                               const char* what) {
    for (std::size_t i = 0; i < values.size(); ++i) {
      if (!std::isfinite(values[i])) {
        throw Error(std::string(what) + " " + std::to_string(i % width) + " of sample " +
                    std::to_string(i / width) + " is " +
                    (std::isnan(values[i]) ? "NaN" : "infinite") +
                    "; the data must hold finite numbers");
      }
    }
  };
  check_finite(inputs, input_size, "input");
  check_finite(targets, target_size, "target");
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (tokens[i] < 0 || tokens[i] >= (1 << 24)) {
      throw Error("token " + std::to_string(i % input_size) + " of sample " +
                  std::to_string(i / input_size) + " is " + std::to_string(tokens[i]) +
                  "; token ids must be in [0, 16777216)");
    }
  }
  for (std::size_t i = 0; i < labels.size(); ++i) {
    if (labels[i] < -1) {
      throw Error("class id " + std::to_string(i % target_size) + " of sample " +
                  std::to_string(i / target_size) + " is " + std::to_string(labels[i]) +
                  "; class ids are 0 or more, or −1 to ignore a position");
    }
  }
}

void Dataset::copy_inputs(std::size_t i, std::span<float> out) const {
  if (has_tokens()) {
    const std::int32_t* row = tokens.data() + i * input_size;
    for (std::size_t k = 0; k < input_size; ++k) out[k] = static_cast<float>(row[k]);
  } else {
    std::copy_n(inputs.begin() + static_cast<std::ptrdiff_t>(i * input_size), input_size,
                out.begin());
  }
}

std::size_t Dataset::label(std::size_t i) const {
  if (has_labels()) return static_cast<std::size_t>(std::max(labels[i * target_size], 0));
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
  if (data.has_tokens()) {
    part.tokens.resize(part.count * data.input_size);
  } else {
    part.inputs.resize(part.count * data.input_size);
  }
  if (data.has_labels()) {
    part.labels.resize(part.count * data.target_size);
  } else {
    part.targets.resize(part.count * data.target_size);
  }
  return part;
}

}  // namespace glassbox
