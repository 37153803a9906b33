#include "glassbox/train/augment.hpp"

#include <algorithm>

namespace glassbox {

void shift_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                 std::size_t height, int dx, int dy) {
  std::fill_n(dst.begin(), width * height, 0.0f);
  const long w = static_cast<long>(width), h = static_cast<long>(height);
  for (long y = std::max(0L, long{dy}); y < std::min(h, h + dy); ++y)
    for (long x = std::max(0L, long{dx}); x < std::min(w, w + dx); ++x)
      dst[static_cast<std::size_t>(y * w + x)] =
          src[static_cast<std::size_t>((y - dy) * w + x - dx)];
}

}  // namespace glassbox
