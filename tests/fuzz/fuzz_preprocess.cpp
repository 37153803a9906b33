// libFuzzer target: digit preprocessing on images of fuzzed size and content.
// Bytes 0–1: width, 2–3: height (little-endian, so sizes 0..65535 including
// absurd ones); the rest: grayscale pixels (byte / 255) and RGBA bytes. The
// pixel count need not match the size: a mismatch must be refused.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/data/preprocess.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size < 4) return 0;
  const std::size_t width = data[0] | (std::size_t{data[1]} << 8);
  const std::size_t height = data[2] | (std::size_t{data[3]} << 8);
  const std::span<const std::uint8_t> rest(data + 4, size - 4);
  std::vector<float> gray(rest.size());
  for (std::size_t i = 0; i < rest.size(); ++i) gray[i] = rest[i] / 255.0f;
  try {
    const auto out = glassbox::preprocess_digit(gray, width, height);
    if (out.size() != glassbox::mnist_side * glassbox::mnist_side) __builtin_trap();
    for (float v : out)
      if (!(v >= 0.0f && v <= 1.0f + 1e-5f)) __builtin_trap();
  } catch (const glassbox::Error&) {
  }
  try {
    const auto ink = glassbox::ink_from_rgba(rest, width, height);
    glassbox::preprocess_digit(ink, width, height);
  } catch (const glassbox::Error&) {
  }
  return 0;
}
