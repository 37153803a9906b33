#pragma once
// Per-sample shapes, features last: (D), (T, D) or (C, H, W). A batch adds a
// leading N. Sizes are computed with overflow checks, so a hostile shape in a
// model file is refused instead of wrapping to a small number.
#include <cstddef>
#include <string>
#include <vector>

namespace glassbox {

using Shape = std::vector<std::size_t>;

// a · b, or throws Error naming `what` when the product does not fit size_t.
// (The const char* overload allocates nothing unless it throws: for hot paths.)
std::size_t checked_multiply(std::size_t a, std::size_t b, const char* what);
std::size_t checked_multiply(std::size_t a, std::size_t b, const std::string& what);
// Product of the dimensions (1 for a scalar); throws Error on overflow.
std::size_t element_count(const Shape& shape);
// The last axis, which dense, norms, softmax and losses act on; 1 for a scalar.
std::size_t last_dim(const Shape& shape);
// How many rows of last_dim(shape) a sample holds: prod(shape[:-1]).
std::size_t row_count(const Shape& shape);
// "[784, 128]"
std::string shape_to_string(const Shape& shape);

}  // namespace glassbox
