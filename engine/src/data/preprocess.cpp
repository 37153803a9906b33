#include "glassbox/data/preprocess.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

// Below this, a pixel is background noise, not ink.
constexpr float ink_threshold = 0.02f;

// Area-average resampling along one axis: destination cell i covers the
// source interval [i·s, (i+1)·s) with s = source/destination, and takes the
// overlap-weighted mean of the source cells there.
struct AxisWeights {
  std::vector<std::size_t> first;     // first source index per destination cell
  std::vector<std::vector<float>> w;  // weights of consecutive source cells
};

AxisWeights area_weights(std::size_t source, std::size_t destination) {
  AxisWeights axis;
  const double step = static_cast<double>(source) / static_cast<double>(destination);
  for (std::size_t i = 0; i < destination; ++i) {
    const double lo = i * step, hi = (i + 1) * step;
    const auto begin = static_cast<std::size_t>(std::floor(lo));
    const auto end = std::min(source, static_cast<std::size_t>(std::ceil(hi)));
    std::vector<float> weights;
    for (std::size_t j = begin; j < end; ++j) {
      const double overlap = std::min(hi, double(j + 1)) - std::max(lo, double(j));
      weights.push_back(static_cast<float>(overlap / step));
    }
    axis.first.push_back(begin);
    axis.w.push_back(std::move(weights));
  }
  return axis;
}

}  // namespace

std::vector<float> preprocess_digit(std::span<const float> gray, std::size_t width,
                                    std::size_t height) {
  require(width >= 1 && height >= 1 && width <= 8192 && height <= 8192,
          "image size " + std::to_string(width) + "×" + std::to_string(height) +
              " is out of range 1..8192");
  require(gray.size() == width * height, "image has " + std::to_string(gray.size()) + " pixels; " +
                                             std::to_string(width) + "×" + std::to_string(height) +
                                             " needs " + std::to_string(width * height));
  std::vector<float> out(mnist_side * mnist_side, 0.0f);

  // 1. Bounding box of the ink: [x0, x1) × [y0, y1).
  std::size_t x0 = width, x1 = 0, y0 = height, y1 = 0;
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x)
      if (gray[y * width + x] > ink_threshold) {
        x0 = std::min(x0, x), x1 = std::max(x1, x + 1);
        y0 = std::min(y0, y), y1 = std::max(y1, y + 1);
      }
  if (x1 == 0) return out;  // nothing drawn
  const std::size_t box_w = x1 - x0, box_h = y1 - y0;

  // 2. Fit the longer side to 20 pixels, keeping the aspect ratio.
  const double scale =
      static_cast<double>(mnist_digit_box) / static_cast<double>(std::max(box_w, box_h));
  const std::size_t out_w = std::clamp<std::size_t>(std::lround(box_w * scale), 1, mnist_digit_box);
  const std::size_t out_h = std::clamp<std::size_t>(std::lround(box_h * scale), 1, mnist_digit_box);
  const AxisWeights wx = area_weights(box_w, out_w), wy = area_weights(box_h, out_h);
  // Separable: rows first (box_h × out_w), then columns (out_h × out_w).
  std::vector<float> rows(box_h * out_w, 0.0f), digit(out_h * out_w, 0.0f);
  for (std::size_t y = 0; y < box_h; ++y)
    for (std::size_t i = 0; i < out_w; ++i) {
      float sum = 0.0f;
      for (std::size_t k = 0; k < wx.w[i].size(); ++k)
        sum += wx.w[i][k] * gray[(y0 + y) * width + x0 + wx.first[i] + k];
      rows[y * out_w + i] = sum;
    }
  for (std::size_t j = 0; j < out_h; ++j)
    for (std::size_t i = 0; i < out_w; ++i) {
      float sum = 0.0f;
      for (std::size_t k = 0; k < wy.w[j].size(); ++k)
        sum += wy.w[j][k] * rows[(wy.first[j] + k) * out_w + i];
      digit[j * out_w + i] = std::clamp(sum, 0.0f, 1.0f);
    }

  // 3. Centre of mass (pixel centres at i + 0.5) moved to the middle of 28×28,
  // by whole pixels, keeping the digit inside the frame.
  double mass = 0.0, cx = 0.0, cy = 0.0;
  for (std::size_t j = 0; j < out_h; ++j)
    for (std::size_t i = 0; i < out_w; ++i) {
      const double v = digit[j * out_w + i];
      mass += v, cx += v * (i + 0.5), cy += v * (j + 0.5);
    }
  const double half = mnist_side / 2.0;
  const auto place = [&](double centre, std::size_t extent) {
    const long offset = std::lround(half - centre / mass);
    return static_cast<std::size_t>(std::clamp(offset, 0L, static_cast<long>(mnist_side - extent)));
  };
  const std::size_t left = place(cx, out_w), top = place(cy, out_h);
  for (std::size_t j = 0; j < out_h; ++j)
    for (std::size_t i = 0; i < out_w; ++i)
      out[(top + j) * mnist_side + left + i] = digit[j * out_w + i];
  return out;
}

std::vector<float> ink_from_rgba(std::span<const std::uint8_t> rgba, std::size_t width,
                                 std::size_t height) {
  require(rgba.size() == width * height * 4,
          "RGBA image has " + std::to_string(rgba.size()) + " bytes; " + std::to_string(width) +
              "×" + std::to_string(height) + " needs " + std::to_string(width * height * 4));
  std::vector<float> ink(width * height);
  for (std::size_t i = 0; i < ink.size(); ++i) {
    const std::uint8_t* p = rgba.data() + 4 * i;
    const float luminance = (0.299f * p[0] + 0.587f * p[1] + 0.114f * p[2]) / 255.0f;
    ink[i] = luminance * (p[3] / 255.0f);
  }
  return ink;
}

}  // namespace glassbox
