#include "glassbox/core/shape.hpp"

#include <limits>

#include "glassbox/core/error.hpp"

namespace glassbox {

std::size_t checked_multiply(std::size_t a, std::size_t b, const char* what) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    throw Error(std::string(what) + " is too large: " + std::to_string(a) + " × " +
                std::to_string(b) + " overflows");
  }
  return a * b;
}

std::size_t checked_multiply(std::size_t a, std::size_t b, const std::string& what) {
  if (a != 0 && b > std::numeric_limits<std::size_t>::max() / a) {
    throw Error(what + " is too large: " + std::to_string(a) + " × " + std::to_string(b) +
                " overflows");
  }
  return a * b;
}

std::size_t element_count(const Shape& shape) {
  std::size_t count = 1;
  for (std::size_t d : shape) {
    if (d != 0 && count > std::numeric_limits<std::size_t>::max() / d) {
      throw Error("shape " + shape_to_string(shape) + " has too many elements to address");
    }
    count *= d;
  }
  return count;
}

std::size_t last_dim(const Shape& shape) {
  return shape.empty() ? 1 : shape.back();
}

std::size_t row_count(const Shape& shape) {
  return shape.empty() ? 1 : element_count(Shape(shape.begin(), shape.end() - 1));
}

std::string shape_to_string(const Shape& shape) {
  std::string text = "[";
  for (std::size_t i = 0; i < shape.size(); ++i) {
    if (i > 0) text += ", ";
    text += std::to_string(shape[i]);
  }
  return text + "]";
}

}  // namespace glassbox
