#include "glassbox/tensor.hpp"

#include "glassbox/error.hpp"

namespace glassbox {

std::size_t element_count(const Shape& shape) {
  std::size_t count = 1;
  for (std::size_t d : shape) count *= d;
  return count;
}

std::string shape_to_string(const Shape& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

Tensor::Tensor(Shape shape, float fill)
    : shape_(std::move(shape)), data_(element_count(shape_), fill) {}

Tensor::Tensor(Shape shape, std::vector<float> values)
    : shape_(std::move(shape)), data_(std::move(values)) {
  require(data_.size() == element_count(shape_),
          "tensor of shape " + shape_to_string(shape_) + " needs " +
              std::to_string(element_count(shape_)) + " values, got " +
              std::to_string(data_.size()));
}

std::size_t Tensor::dim(std::size_t axis) const {
  require(axis < shape_.size(), "tensor has " + std::to_string(shape_.size()) +
                                    " dimensions, asked for axis " + std::to_string(axis));
  return shape_[axis];
}

}  // namespace glassbox
