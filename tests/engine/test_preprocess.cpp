// Digit preprocessing: a digit drawn anywhere, at any size, reaches the
// network as nearly the same 28×28 image.
#include <catch2/catch.hpp>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/data/preprocess.hpp"
#include "glassbox/io/mnist.hpp"

using namespace glassbox;

namespace {

// Draws a 28×28 digit scaled up `factor` times (nearest neighbour) into a
// black canvas at (left, top).
std::vector<float> draw_scaled(std::span<const float> digit, std::size_t factor, std::size_t width,
                               std::size_t height, std::size_t left, std::size_t top) {
  std::vector<float> canvas(width * height, 0.0f);
  for (std::size_t y = 0; y < 28 * factor; ++y)
    for (std::size_t x = 0; x < 28 * factor; ++x)
      canvas[(top + y) * width + left + x] = digit[(y / factor) * 28 + x / factor];
  return canvas;
}

double mean_abs_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double sum = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) sum += std::abs(a[i] - b[i]);
  return sum / static_cast<double>(a.size());
}

// The smallest mean |a − b| over whole-pixel shifts of b by up to one pixel:
// rounding the centre of mass may land one pixel away from MNIST's choice.
double aligned_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double best = 1e9;
  for (int dy = -1; dy <= 1; ++dy)
    for (int dx = -1; dx <= 1; ++dx) {
      std::vector<float> shifted(784, 0.0f);
      for (int y = 0; y < 28; ++y)
        for (int x = 0; x < 28; ++x)
          if (x + dx >= 0 && x + dx < 28 && y + dy >= 0 && y + dy < 28)
            shifted[(y + dy) * 28 + x + dx] = b[y * 28 + x];
      best = std::min(best, mean_abs_difference(a, shifted));
    }
  return best;
}

struct Moments {
  double mass = 0, cx = 0, cy = 0;
};
Moments moments(const std::vector<float>& image) {
  Moments m;
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      const double v = image[y * 28 + x];
      m.mass += v, m.cx += v * (x + 0.5), m.cy += v * (y + 0.5);
    }
  m.cx /= m.mass, m.cy /= m.mass;
  return m;
}

}  // namespace

TEST_CASE("a small digit in a corner and a large centred one preprocess alike", "[preprocess]") {
  const Dataset test = load_mnist(find_mnist_dir(), MnistSplit::test);
  for (std::size_t index : {0u, 1u, 2u, 3u, 4u}) {
    const auto digit = std::span(test.inputs).subspan(index * 784, 784);
    const auto large = draw_scaled(digit, 10, 300, 300, 10, 10);   // 280 px, centred
    const auto small = draw_scaled(digit, 3, 500, 400, 400, 300);  // 84 px, bottom-right
    const auto a = preprocess_digit(large, 300, 300);
    const auto b = preprocess_digit(small, 500, 400);
    INFO("test image " << index);
    CHECK(mean_abs_difference(a, b) < 0.02);
    // MNIST's own image was made the same way, so we land close to it too.
    CHECK(aligned_difference(a, std::vector<float>(digit.begin(), digit.end())) < 0.06);
    const Moments m = moments(a);
    CHECK(std::abs(m.cx - 14.0) < 1.0);
    CHECK(std::abs(m.cy - 14.0) < 1.0);
  }
}

TEST_CASE("preprocessing keeps the aspect ratio and fits 20 pixels", "[preprocess]") {
  // A vertical bar 10 wide and 100 tall: it becomes 2 wide and 20 tall.
  std::vector<float> canvas(200 * 200, 0.0f);
  for (std::size_t y = 50; y < 150; ++y)
    for (std::size_t x = 20; x < 30; ++x) canvas[y * 200 + x] = 1.0f;
  const auto out = preprocess_digit(canvas, 200, 200);
  std::size_t rows = 0, cols = 0;
  for (std::size_t y = 0; y < 28; ++y) {
    bool any = false;
    for (std::size_t x = 0; x < 28; ++x) any = any || out[y * 28 + x] > 0.5f;
    rows += any;
  }
  for (std::size_t x = 0; x < 28; ++x) {
    bool any = false;
    for (std::size_t y = 0; y < 28; ++y) any = any || out[y * 28 + x] > 0.5f;
    cols += any;
  }
  CHECK(rows == 20);
  CHECK(cols == 2);
}

TEST_CASE("an empty canvas gives zeros; wrong sizes give clear errors", "[preprocess]") {
  const auto out = preprocess_digit(std::vector<float>(50 * 40, 0.0f), 50, 40);
  CHECK(out == std::vector<float>(784, 0.0f));
  CHECK_THROWS_WITH(preprocess_digit(std::vector<float>(10, 0.0f), 5, 5),
                    Catch::Contains("5×5 needs 25"));
  CHECK_THROWS_WITH(ink_from_rgba(std::vector<std::uint8_t>(7), 1, 2), Catch::Contains("needs 8"));
}

TEST_CASE("ink is luminance times alpha", "[preprocess]") {
  const std::vector<std::uint8_t> rgba = {255, 255, 255, 255,  // white: full ink
                                          255, 255, 255, 0,    // transparent: none
                                          0,   0,   0,   255,  // black: none
                                          255, 255, 255, 51};  // white at 20% alpha
  const auto ink = ink_from_rgba(rgba, 4, 1);
  CHECK_THAT(ink[0], Catch::Matchers::WithinAbs(1.0, 1e-5));
  CHECK(ink[1] == 0.0f);
  CHECK(ink[2] == 0.0f);
  CHECK_THAT(ink[3], Catch::Matchers::WithinAbs(0.2, 1e-5));
}
