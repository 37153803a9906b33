#pragma once
// Turning a drawn digit into what an MNIST network expects, as MNIST itself
// was made (LeCun, Cortes & Burges):
//   1. crop to the bounding box of the ink;
//   2. scale, keeping the aspect ratio, to fit a 20×20 box, with
//      anti-aliasing (area averaging: each output pixel is the mean of the
//      source area it covers);
//   3. place into 28×28 so the centre of mass sits at the centre.
// So a digit drawn small in a corner reaches the network like one drawn large
// in the middle.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace glassbox {

inline constexpr std::size_t mnist_side = 28;
inline constexpr std::size_t mnist_digit_box = 20;

// gray: (height, width) ink intensities in [0, 1] → 784 values in [0, 1].
// No ink at all gives all zeros.
std::vector<float> preprocess_digit(std::span<const float> gray, std::size_t width,
                                    std::size_t height);

// RGBA bytes (a canvas's ImageData) → ink intensity = luminance × alpha, in [0, 1].
std::vector<float> ink_from_rgba(std::span<const std::uint8_t> rgba, std::size_t width,
                                 std::size_t height);

}  // namespace glassbox
