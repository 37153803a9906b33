#pragma once
// Real handwriting that is not MNIST's: the 1,797 digits of the UCI optdigits
// test set (13 writers; E. Alpaydin and C. Kaynak, 1998, CC BY 4.0), embedded
// in the engine (src/data/digits_data.cpp cites the source). Each digit is
// 8×8, every pixel the number of ink pixels (0..16) in a 4×4 block of the
// scanned 32×32 bitmap.
//
// To put one in front of an MNIST network it is drawn again at 32×32 (bilinear
// upscaling: the 8×8 values are the block means, placed at the block centres),
// then goes through the digit page's own preprocessing (preprocess.hpp: crop,
// area-scale into 20×20, centre of mass at the centre of 28×28).
#include <cstddef>
#include <span>
#include <vector>

#include "glassbox/core/dataset.hpp"

namespace glassbox {

inline constexpr std::size_t uci_digit_count = 1797;
inline constexpr std::size_t uci_digit_side = 8;
// The side of the bitmaps the 8×8 values were counted from: 4 × 8.
inline constexpr std::size_t uci_bitmap_side = 32;

// All 1,797 digits: inputs (1797, 64), pixel / 16 in [0, 1], row-major (y, x);
// one-hot targets (1797, 10). In the file's order.
Dataset uci_digits();

// digit: (8, 8) in [0, 1] → (32, 32). Output pixel (Y, X) reads the 8×8 grid at
// u = (X + 0.5) / 4 − 0.5, v = (Y + 0.5) / 4 − 0.5 (cell centres at whole u, v),
// bilinearly, with u and v clamped to [0, 7] (the border cells extend to the
// edge). So a lone cell of value 1 becomes a tent 8 pixels wide: 1/8, 3/8,
// 5/8, 7/8, 7/8, 5/8, 3/8, 1/8 along each axis, their product in 2-D.
std::vector<float> upscale_uci_digit(std::span<const float> digit);

// digit: (8, 8) in [0, 1] → (28, 28) MNIST-style: upscale_uci_digit, then
// preprocess_digit, exactly what the digit page does to a drawing.
std::vector<float> uci_digit_to_mnist(std::span<const float> digit);

// uci_digits() with every input through uci_digit_to_mnist: inputs (1797, 784).
Dataset uci_digits_mnist();

}  // namespace glassbox
