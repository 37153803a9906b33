#include "glassbox/train/augment.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <numbers>
#include <string>

#include "glassbox/core/error.hpp"
#include "glassbox/data/digits.hpp"
#include "glassbox/data/preprocess.hpp"

namespace glassbox {
namespace {

std::string format_number(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(value));
  return text;
}

}  // namespace

void shift_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                 std::size_t height, int dx, int dy) {
  std::fill_n(dst.begin(), width * height, 0.0f);
  const long w = static_cast<long>(width), h = static_cast<long>(height);
  for (long y = std::max(0L, long{dy}); y < std::min(h, h + dy); ++y)
    for (long x = std::max(0L, long{dx}); x < std::min(w, w + dx); ++x)
      dst[static_cast<std::size_t>(y * w + x)] =
          src[static_cast<std::size_t>((y - dy) * w + x - dx)];
}

float sample_bilinear(std::span<const float> src, std::size_t width, std::size_t height, double x,
                      double y) {
  const double fx0 = std::floor(x), fy0 = std::floor(y);
  const long x0 = static_cast<long>(fx0), y0 = static_cast<long>(fy0);
  const float fx = static_cast<float>(x - fx0), fy = static_cast<float>(y - fy0);
  const long w = static_cast<long>(width), h = static_cast<long>(height);
  const auto at = [&](long px, long py) {
    return px < 0 || py < 0 || px >= w || py >= h ? 0.0f
                                                  : src[static_cast<std::size_t>(py * w + px)];
  };
  const float top = (1 - fx) * at(x0, y0) + fx * at(x0 + 1, y0);
  const float bottom = (1 - fx) * at(x0, y0 + 1) + fx * at(x0 + 1, y0 + 1);
  return (1 - fy) * top + fy * bottom;
}

void warp_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                std::size_t height, std::span<const float> fx, std::span<const float> fy) {
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x) {
      const std::size_t i = y * width + x;
      dst[i] = sample_bilinear(src, width, height, static_cast<double>(x) + fx[i],
                               static_cast<double>(y) + fy[i]);
    }
}

void rotate_scale_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                        std::size_t height, double radians, double scale) {
  const double cx = (static_cast<double>(width) - 1) / 2,
               cy = (static_cast<double>(height) - 1) / 2;
  const double c = std::cos(radians) / scale, s = std::sin(radians) / scale;
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x) {
      const double dx = static_cast<double>(x) - cx, dy = static_cast<double>(y) - cy;
      dst[y * width + x] =
          sample_bilinear(src, width, height, cx + c * dx - s * dy, cy + s * dx + c * dy);
    }
}

void draw_stroke(std::span<float> image, std::size_t width, std::size_t height, double x0,
                 double y0, double x1, double y1, double radius) {
  const double dx = x1 - x0, dy = y1 - y0, length2 = dx * dx + dy * dy;
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x) {
      const double px = double(x) - x0, py = double(y) - y0;
      // The nearest point of the segment: t ∈ [0, 1] along it.
      const double t = length2 > 0 ? std::clamp((px * dx + py * dy) / length2, 0.0, 1.0) : 0.0;
      const double d = std::hypot(px - t * dx, py - t * dy);
      const float v = static_cast<float>(std::clamp(radius + 0.5 - d, 0.0, 1.0));
      float& pixel = image[y * width + x];
      pixel = std::max(pixel, v);
    }
}

void add_flag(std::span<float> image, std::size_t width, std::size_t height, double length_fraction,
              double angle_radians, double radius) {
  std::size_t top = height, bottom = 0;
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x)
      if (image[y * width + x] >= 0.5f) top = std::min(top, y), bottom = std::max(bottom, y);
  if (top > bottom) return;
  double sum = 0;
  std::size_t count = 0;
  for (std::size_t x = 0; x < width; ++x)
    if (image[top * width + x] >= 0.5f) sum += double(x), ++count;
  const double x0 = sum / double(count), y0 = double(top);
  const double length = length_fraction * double(bottom - top + 1);
  draw_stroke(image, width, height, x0, y0, x0 - length * std::cos(angle_radians),
              y0 + length * std::sin(angle_radians), radius);
}

namespace {

// One dilation (max) or erosion (min) step over the plus-shaped neighbourhood;
// outside the image counts as 0, so erosion eats ink at the border.
void morph_step(std::span<const float> src, std::span<float> dst, std::size_t width,
                std::size_t height, bool dilate) {
  const long w = static_cast<long>(width), h = static_cast<long>(height);
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      float v = src[static_cast<std::size_t>(y * w + x)];
      const long nx[4] = {x - 1, x + 1, x, x}, ny[4] = {y, y, y - 1, y + 1};
      for (int k = 0; k < 4; ++k) {
        const float n = nx[k] < 0 || ny[k] < 0 || nx[k] >= w || ny[k] >= h
                            ? 0.0f
                            : src[static_cast<std::size_t>(ny[k] * w + nx[k])];
        v = dilate ? std::max(v, n) : std::min(v, n);
      }
      dst[static_cast<std::size_t>(y * w + x)] = v;
    }
}

}  // namespace

void thicken_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                   std::size_t height, float amount) {
  require(std::isfinite(amount) && std::abs(amount) <= 2.0f,
          "stroke thickness must be in [−2, 2], got " + std::to_string(amount));
  const std::size_t n = width * height;
  std::copy_n(src.begin(), n, dst.begin());
  const bool dilate = amount > 0;
  float rest = std::abs(amount);
  std::vector<float> stepped(n);
  while (rest > 0.0f) {
    morph_step(dst, stepped, width, height, dilate);
    const float t = std::min(rest, 1.0f);
    for (std::size_t i = 0; i < n; ++i) dst[i] += t * (stepped[i] - dst[i]);
    rest -= t;
  }
}

namespace {

// dst = scale · (G_σ * src), a separable Gaussian (normalized, radius 3σ) along
// x then along y; beyond the edges the image is 0. src and dst may alias.
void gaussian_smooth(std::span<const float> src, std::span<float> dst, std::size_t width,
                     std::size_t height, float sigma, float scale) {
  const long radius = static_cast<long>(std::ceil(3.0f * sigma));
  std::vector<float> kernel(static_cast<std::size_t>(2 * radius + 1)), rows(width * height);
  float total = 0.0f;
  for (long k = -radius; k <= radius; ++k) {
    const float v = std::exp(-0.5f * static_cast<float>(k * k) / (sigma * sigma));
    kernel[static_cast<std::size_t>(k + radius)] = v;
    total += v;
  }
  for (float& v : kernel) v /= total;
  const long w = static_cast<long>(width), h = static_cast<long>(height);
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      float sum = 0.0f;
      for (long k = std::max(-radius, -x); k <= std::min(radius, w - 1 - x); ++k)
        sum += kernel[static_cast<std::size_t>(k + radius)] *
               src[static_cast<std::size_t>(y * w + x + k)];
      rows[static_cast<std::size_t>(y * w + x)] = sum;
    }
  for (long y = 0; y < h; ++y)
    for (long x = 0; x < w; ++x) {
      float sum = 0.0f;
      for (long k = std::max(-radius, -y); k <= std::min(radius, h - 1 - y); ++k)
        sum += kernel[static_cast<std::size_t>(k + radius)] *
               rows[static_cast<std::size_t>((y + k) * w + x)];
      dst[static_cast<std::size_t>(y * w + x)] = scale * sum;
    }
}

}  // namespace

void elastic_field(Rng& rng, std::size_t width, std::size_t height, float alpha, float sigma,
                   std::span<float> fx, std::span<float> fy) {
  require(sigma > 0.0f && sigma <= 16.0f, "elastic sigma must be in (0, 16]");
  for (std::span<float> field : {fx, fy}) {
    for (std::size_t i = 0; i < width * height; ++i) field[i] = rng.uniform(-1.0f, 1.0f);
    gaussian_smooth(field, field, width, height, sigma, alpha);
  }
}

void blur_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                std::size_t height, float sigma) {
  require(std::isfinite(sigma) && sigma >= 0.0f && sigma <= 8.0f,
          "blur sigma must be in [0, 8], got " + format_number(sigma));
  if (sigma == 0.0f) {
    std::copy_n(src.begin(), width * height, dst.begin());
    return;
  }
  gaussian_smooth(src, dst, width, height, sigma, 1.0f);
}

void DigitAugment::validate() const {
  const auto check = [](float value, float high, const char* what) {
    require(std::isfinite(value) && value >= 0.0f && value <= high,
            std::string(what) + " must be in [0, " + format_number(high) + "], got " +
                format_number(value));
  };
  check(max_rotation_degrees, 45.0f, "rotation augmentation (degrees)");
  check(max_scale, 0.5f, "scale augmentation");
  check(max_thickness, 2.0f, "thickness augmentation");
  check(elastic_alpha, 100.0f, "elastic alpha");
  check(max_blur, 4.0f, "blur augmentation (sigma)");
  check(rescan_probability, 1.0f, "rescan probability");
  check(rescan_stretch, 1.0f, "rescan stretch probability");
  check(flag_ones, 1.0f, "flag probability of the 1s");
  require(rescan_stretch == 0.0f || rescan_probability > 0.0f,
          "the rescan stretch needs the rescan: give a rescan probability above 0");
  require(max_rescan_pen >= 0 && max_rescan_pen <= 8,
          "rescan pen radius must be in [0, 8], got " + std::to_string(max_rescan_pen));
  require(std::isfinite(elastic_sigma) && elastic_sigma > 0.0f && elastic_sigma <= 16.0f,
          "elastic sigma must be in (0, 16], got " + format_number(elastic_sigma));
}

void augment_digit(std::span<float> image, std::size_t width, std::size_t height,
                   const DigitAugment& options, Rng& rng, AugmentScratch& scratch, int label) {
  const std::size_t n = width * height;
  scratch.a.resize(n);
  if (options.flag_ones > 0) {
    const bool flag = rng.uniform(0.0f, 1.0f) < options.flag_ones;
    const double length = rng.uniform(0.25f, 0.55f);
    const double degrees = rng.uniform(20.0f, 60.0f);
    const double radius = rng.uniform(0.8f, 1.6f);
    if (flag && label == 1)
      add_flag(image, width, height, length, degrees * std::numbers::pi / 180, radius);
  }
  if (options.max_thickness > 0) {
    const float t = rng.uniform(-options.max_thickness, options.max_thickness);
    thicken_image(image, scratch.a, width, height, t);
    std::copy_n(scratch.a.begin(), n, image.begin());
  }
  if (options.max_rotation_degrees > 0 || options.max_scale > 0) {
    const double degrees =
        options.max_rotation_degrees > 0
            ? rng.uniform(-options.max_rotation_degrees, options.max_rotation_degrees)
            : 0.0;
    const double scale =
        options.max_scale > 0 ? rng.uniform(1 - options.max_scale, 1 + options.max_scale) : 1.0;
    rotate_scale_image(image, scratch.a, width, height, degrees * std::numbers::pi / 180, scale);
    std::copy_n(scratch.a.begin(), n, image.begin());
  }
  if (options.elastic_alpha > 0) {
    scratch.fx.resize(n), scratch.fy.resize(n);
    elastic_field(rng, width, height, options.elastic_alpha, options.elastic_sigma, scratch.fx,
                  scratch.fy);
    warp_image(image, scratch.a, width, height, scratch.fx, scratch.fy);
    std::copy_n(scratch.a.begin(), n, image.begin());
  }
  if (options.max_blur > 0) {
    blur_image(image, scratch.a, width, height, rng.uniform(0.0f, options.max_blur));
    std::copy_n(scratch.a.begin(), n, image.begin());
  }
  if (options.rescan_probability > 0) {
    require(width == mnist_side && height == mnist_side,
            "the rescan augmentation needs 28×28 digits");
    // Both draws always happen, so the random stream does not depend on the coin.
    const bool rescan = rng.uniform(0.0f, 1.0f) < options.rescan_probability;
    const float threshold = rng.uniform(0.15f, 0.5f);
    const int pen =
        options.max_rescan_pen > 0
            ? static_cast<int>(rng.below(static_cast<std::uint64_t>(options.max_rescan_pen) + 1))
            : 0;
    double stretched_width = 0.0;
    if (options.rescan_stretch > 0) {
      const bool stretch = rng.uniform(0.0f, 1.0f) < options.rescan_stretch;
      const float w = rng.uniform(DigitAugment::rescan_stretch_min_width, float(uci_bitmap_side));
      if (stretch) stretched_width = w;
    }
    if (rescan) {
      const auto grid = rescan_to_uci_grid(image, width, height, threshold, pen, stretched_width);
      const auto digit = uci_digit_to_mnist(grid);
      std::copy_n(digit.begin(), n, image.begin());
    }
  }
}

std::vector<float> rescan_to_uci_grid(std::span<const float> src, std::size_t width,
                                      std::size_t height, float threshold, int pen_radius,
                                      double stretched_width) {
  require(pen_radius >= 0 && pen_radius <= 8, "rescan: the pen radius must be in [0, 8]");
  require(std::isfinite(stretched_width) && stretched_width >= 0 &&
              stretched_width <= double(uci_bitmap_side),
          "rescan: the stretched width must be in [0, 32] bitmap pixels, got " +
              format_number(float(stretched_width)));
  require(src.size() == width * height, "rescan: the image has the wrong size");
  constexpr std::size_t side = uci_bitmap_side, cells = uci_digit_side, block = side / cells;
  std::vector<float> grid(cells * cells, 0.0f);
  std::size_t x0 = width, y0 = height, x1 = 0, y1 = 0;  // the ink's box, inclusive
  for (std::size_t y = 0; y < height; ++y)
    for (std::size_t x = 0; x < width; ++x)
      if (src[y * width + x] > 0) {
        x0 = std::min(x0, x), x1 = std::max(x1, x);
        y0 = std::min(y0, y), y1 = std::max(y1, y);
      }
  if (x0 > x1) return grid;
  const double box_w = double(x1 - x0 + 1), box_h = double(y1 - y0 + 1);
  const double scale = std::min(side / box_h, side / box_w);  // source px → bitmap px
  // Stretched: x and y scale separately, to round(stretched_width) × 32.
  const double target_w = stretched_width > 0 ? stretched_width : box_w * scale;
  const double target_h = stretched_width > 0 ? double(side) : box_h * scale;
  const auto out_w = std::clamp<std::size_t>(std::size_t(std::lround(target_w)), 1, side);
  const auto out_h = std::clamp<std::size_t>(std::size_t(std::lround(target_h)), 1, side);
  const std::size_t left = (side - out_w) / 2, top = (side - out_h) / 2;
  std::array<bool, side * side> bitmap{};
  for (std::size_t by = 0; by < out_h; ++by)
    for (std::size_t bx = 0; bx < out_w; ++bx) {
      // The bitmap pixel's centre, mapped back to source coordinates (pixel
      // centres at whole numbers): the box's edges map to the box's edges.
      const double sx = double(x0) - 0.5 + (double(bx) + 0.5) * box_w / double(out_w);
      const double sy = double(y0) - 0.5 + (double(by) + 0.5) * box_h / double(out_h);
      bitmap[(top + by) * side + left + bx] =
          sample_bilinear(src, width, height, sx, sy) >= threshold;
    }
  const int r = pen_radius, n = static_cast<int>(side);
  for (int y = 0; y < n; ++y)
    for (int x = 0; x < n; ++x) {
      bool ink = false;  // any bitmap pixel within the pen's disc
      for (int dy = -r; dy <= r && !ink; ++dy)
        for (int dx = -r; dx <= r && !ink; ++dx)
          ink = dx * dx + dy * dy <= r * r && x + dx >= 0 && x + dx < n && y + dy >= 0 &&
                y + dy < n && bitmap[(y + dy) * n + x + dx];
      if (ink) grid[(y / block) * cells + x / block] += 1.0f / float(block * block);
    }
  return grid;
}

}  // namespace glassbox
