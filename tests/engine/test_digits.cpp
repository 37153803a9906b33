#include <algorithm>
#include <array>
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/data/digits.hpp"
#include "glassbox/data/preprocess.hpp"

using namespace glassbox;

TEST_CASE("the embedded UCI digits are the 1,797 rows of scikit-learn's digits.csv.gz",
          "[digits]") {
  const Dataset d = uci_digits();
  REQUIRE(d.count == 1797);
  REQUIRE(d.input_size == 64);
  REQUIRE(d.target_size == 10);
  // The first and last rows of the CSV (zcat digits.csv.gz | sed -n '1p;1797p'), / 16.
  const std::array<int, 64> first = {0, 0, 5,  13, 9,  1,  0, 0, 0, 0, 13, 15, 10, 15, 5, 0,
                                     0, 3, 15, 2,  0,  11, 8, 0, 0, 4, 12, 0,  0,  8,  8, 0,
                                     0, 5, 8,  0,  0,  9,  8, 0, 0, 4, 11, 0,  1,  12, 7, 0,
                                     0, 2, 14, 5,  10, 12, 0, 0, 0, 0, 6,  13, 10, 0,  0, 0};
  const std::array<int, 64> last = {0, 0, 10, 14, 8,  1,  0, 0, 0, 2, 16, 14, 6,  1,  0, 0,
                                    0, 0, 15, 15, 8,  15, 0, 0, 0, 0, 5,  16, 16, 10, 0, 0,
                                    0, 0, 12, 15, 15, 12, 0, 0, 0, 4, 16, 6,  4,  16, 6, 0,
                                    0, 8, 16, 10, 8,  16, 8, 0, 0, 1, 8,  12, 14, 12, 1, 0};
  for (std::size_t i = 0; i < 64; ++i) {
    CHECK(d.inputs[i] == static_cast<float>(first[i]) / 16.0f);
    CHECK(d.inputs[1796 * 64 + i] == static_cast<float>(last[i]) / 16.0f);
  }
  CHECK(d.label(0) == 0);
  CHECK(d.label(1796) == 8);
  // Digits per class, counted from the CSV with awk.
  std::array<std::size_t, 10> counts{};
  for (std::size_t i = 0; i < d.count; ++i) ++counts[d.label(i)];
  CHECK(counts == std::array<std::size_t, 10>{178, 182, 177, 183, 181, 182, 181, 179, 174, 180});
  CHECK(*std::min_element(d.inputs.begin(), d.inputs.end()) == 0.0f);
  CHECK(*std::max_element(d.inputs.begin(), d.inputs.end()) == 1.0f);
}

TEST_CASE("upscaling one 8×8 cell gives a bilinear tent 8 pixels wide", "[digits]") {
  std::vector<float> digit(64, 0.0f);
  digit[3 * 8 + 3] = 1.0f;  // cell (x 3, y 3), centred on 32×32 pixel 13.5 .. 14.5
  const auto big = upscale_uci_digit(digit);
  REQUIRE(big.size() == 32 * 32);
  // Along one axis: pixels 10..17 get 1/8, 3/8, 5/8, 7/8, 7/8, 5/8, 3/8, 1/8
  // (distance of u = (X + 0.5)/4 − 0.5 from 3, subtracted from 1).
  const auto tent = [](std::size_t X) {
    const float t[8] = {0.125f, 0.375f, 0.625f, 0.875f, 0.875f, 0.625f, 0.375f, 0.125f};
    return X >= 10 && X < 18 ? t[X - 10] : 0.0f;
  };
  for (std::size_t Y = 0; Y < 32; ++Y)
    for (std::size_t X = 0; X < 32; ++X) {
      INFO("pixel (" << X << ", " << Y << ")");
      CHECK(big[Y * 32 + X] == tent(X) * tent(Y));
    }
  // A corner cell reaches the edge: u is clamped to 0 for pixels 0 and 1.
  std::fill(digit.begin(), digit.end(), 0.0f);
  digit[0] = 1.0f;
  const auto corner = upscale_uci_digit(digit);
  const float row0[7] = {1.0f, 1.0f, 0.875f, 0.625f, 0.375f, 0.125f, 0.0f};
  for (std::size_t X = 0; X < 7; ++X) CHECK(corner[X] == row0[X]);
  CHECK_THROWS_AS(upscale_uci_digit(std::vector<float>(63)), Error);
}

TEST_CASE("a full 8×8 digit reaches the network as a 20×20 square in the middle of 28×28",
          "[digits]") {
  // All ink: 32×32 of ones, cropped to itself, area-scaled to 20×20 ones,
  // centre of mass 10 → placed at 14 − 10 = 4, so rows and columns 4..23.
  const auto image = uci_digit_to_mnist(std::vector<float>(64, 1.0f));
  REQUIRE(image.size() == 784);
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      const bool inside = x >= 4 && x < 24 && y >= 4 && y < 24;
      INFO("pixel (" << x << ", " << y << ")");
      CHECK(image[y * 28 + x] == Approx(inside ? 1.0f : 0.0f).margin(1e-6));
    }
}

TEST_CASE("every UCI digit, as the network sees it, is the page's preprocessing of its upscale",
          "[digits]") {
  const Dataset small = uci_digits(), big = uci_digits_mnist();
  REQUIRE(big.count == 1797);
  REQUIRE(big.input_size == 784);
  REQUIRE(big.targets == small.targets);
  for (std::size_t i = 0; i < big.count; i += 97) {
    const auto digit = std::span(small.inputs).subspan(i * 64, 64);
    const auto expected = preprocess_digit(upscale_uci_digit(digit), 32, 32);
    INFO("digit " << i);
    CHECK(std::equal(expected.begin(), expected.end(), big.inputs.begin() + i * 784));
  }
  // Each sits in the 20×20 box and has its centre of mass within half a
  // pixel of the centre (14, 14) (pixel centres at i + 0.5; whole-pixel placement).
  for (std::size_t i = 0; i < big.count; ++i) {
    double mass = 0, cx = 0, cy = 0;
    std::size_t x0 = 28, x1 = 0, y0 = 28, y1 = 0;
    for (std::size_t p = 0; p < 784; ++p) {
      const double v = big.inputs[i * 784 + p];
      mass += v, cx += v * (p % 28 + 0.5), cy += v * (p / 28 + 0.5);
      if (v > 0) {
        x0 = std::min(x0, p % 28), x1 = std::max(x1, p % 28 + 1);
        y0 = std::min(y0, p / 28), y1 = std::max(y1, p / 28 + 1);
      }
    }
    INFO("digit " << i);
    REQUIRE(mass > 0);
    CHECK(std::max(x1 - x0, y1 - y0) == 20);
    CHECK(std::abs(cx / mass - 14.0) <= 0.5 + 1e-9);
    CHECK(std::abs(cy / mass - 14.0) <= 0.5 + 1e-9);
  }
}
