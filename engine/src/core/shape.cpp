#include "glassbox/core/shape.hpp"

#include <cstdint>

#include "glassbox/core/error.hpp"

namespace glassbox {

namespace {

// a · b in 64 bits, saturating: a value over max_elements stays over it.
std::uint64_t product(std::uint64_t a, std::uint64_t b) {
  constexpr std::uint64_t cap = std::uint64_t{1} << 62;
  if (a != 0 && b > cap / a) return cap;
  return a * b;
}

[[noreturn]] void too_large(const std::string& what, std::uint64_t a, std::uint64_t b) {
  const std::uint64_t p = product(a, b);
  throw Error(what + " is too large: " + std::to_string(a) + " × " + std::to_string(b) + " = " +
              (p >= (std::uint64_t{1} << 62) ? std::string("over 4.6e18") : std::to_string(p)) +
              " values; the limit is " + std::to_string(max_elements) +
              " (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
}

}  // namespace

std::size_t checked_multiply(std::size_t a, std::size_t b, const char* what) {
  if (product(a, b) > max_elements) too_large(what, a, b);
  return a * b;
}

std::size_t checked_multiply(std::size_t a, std::size_t b, const std::string& what) {
  if (product(a, b) > max_elements) too_large(what, a, b);
  return a * b;
}

std::size_t element_count(const Shape& shape) {
  std::uint64_t count = 1;
  for (std::size_t d : shape) count = product(count, d);
  if (count > max_elements) {
    throw Error(
        "shape " + shape_to_string(shape) + " has too many elements: " +
        (count >= (std::uint64_t{1} << 62) ? std::string("over 4.6e18") : std::to_string(count)) +
        "; the limit is " + std::to_string(max_elements) +
        " (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
  }
  return static_cast<std::size_t>(count);
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
