#pragma once
// Data augmentation for images: small random shifts teach a network that a
// digit moved by a pixel or two is the same digit.
#include <cstddef>
#include <span>

namespace glassbox {

// dst(y, x) = src(y − dy, x − dx), zero where that falls outside.
// src, dst: (height, width), distinct buffers.
void shift_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                 std::size_t height, int dx, int dy);

}  // namespace glassbox
