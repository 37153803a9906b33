#pragma once
// Per-sample shapes, features last: (D), (T, D) or (C, H, W). A batch adds a
// leading N. Sizes are computed with overflow checks, so a hostile shape in a
// model file is refused instead of wrapping to a small number.
#include <cstddef>
#include <string>
#include <vector>

namespace glassbox {

using Shape = std::vector<std::size_t>;

// The most values (floats) one buffer may hold: 2^28, i.e. 1 GiB of float32.
// Sized for WebAssembly's 32-bit address space (4 GiB at most, and a browser
// tab usually gets far less): any count up to this limit, times 4 bytes, times
// a small constant, still fits a 32-bit size_t. A request over it is refused
// up front, with the size and the limit, natively and in wasm alike.
inline constexpr std::size_t max_elements = std::size_t{1} << 28;

// a · b, or throws Error naming `what` when the product is over max_elements
// (computed in 64 bits, so it never wraps first). (The const char* overload
// allocates nothing unless it throws: for hot paths.)
std::size_t checked_multiply(std::size_t a, std::size_t b, const char* what);
std::size_t checked_multiply(std::size_t a, std::size_t b, const std::string& what);
// Product of the dimensions (1 for a scalar); throws Error when it is over
// max_elements.
std::size_t element_count(const Shape& shape);
// The last axis, which dense, norms, softmax and losses act on; 1 for a scalar.
std::size_t last_dim(const Shape& shape);
// How many rows of last_dim(shape) a sample holds: prod(shape[:-1]).
std::size_t row_count(const Shape& shape);
// "[784, 128]"
std::string shape_to_string(const Shape& shape);

}  // namespace glassbox
