#include "glassbox/layers/layer.hpp"

#include <utility>

namespace glassbox {

Layer::Layer(Shape input, Shape output)
    : input_(std::move(input)),
      output_(std::move(output)),
      input_size_(element_count(input_)),
      output_size_(element_count(output_)) {}

std::size_t Layer::parameter_count() const {
  std::size_t count = 0;
  for (const auto& p : parameters()) count += element_count(p.shape);
  return count;
}

std::size_t Layer::state_count() const {
  std::size_t count = 0;
  for (const auto& p : state()) count += element_count(p.shape);
  return count;
}

}  // namespace glassbox
