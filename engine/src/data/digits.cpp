#include "glassbox/data/digits.hpp"

#include <algorithm>
#include <cmath>
#include <string_view>

#include "digits_data.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/data/preprocess.hpp"

namespace glassbox {

Dataset uci_digits() {
  Dataset data;
  data.count = uci_digit_count;
  data.input_size = uci_digit_side * uci_digit_side;
  data.target_size = 10;
  data.inputs.reserve(data.count * data.input_size);
  data.targets.reserve(data.count * 10);
  const std::string_view alphabet(data::digit_alphabet);
  for (const auto& row : data::digit_rows) {
    for (std::size_t i = 0; i < 64; ++i)
      data.inputs.push_back(static_cast<float>(alphabet.find(row[i])) / 16.0f);
    const int label = row[64] - '0';
    for (int c = 0; c < 10; ++c) data.targets.push_back(c == label ? 1.0f : 0.0f);
  }
  return data;
}

std::vector<float> upscale_uci_digit(std::span<const float> digit) {
  constexpr std::size_t n = uci_digit_side, big = uci_bitmap_side, factor = big / n;
  require(digit.size() == n * n, "an 8×8 digit has 64 values, got " + std::to_string(digit.size()));
  // Per output coordinate: the lower grid index and the weight of the upper one.
  std::size_t low[big];
  float frac[big];
  for (std::size_t X = 0; X < big; ++X) {
    const double u =
        std::clamp((X + 0.5) / static_cast<double>(factor) - 0.5, 0.0, static_cast<double>(n - 1));
    low[X] = std::min(static_cast<std::size_t>(u), n - 2);
    frac[X] = static_cast<float>(u - static_cast<double>(low[X]));
  }
  std::vector<float> out(big * big);
  for (std::size_t Y = 0; Y < big; ++Y)
    for (std::size_t X = 0; X < big; ++X) {
      const std::size_t y = low[Y], x = low[X];
      const float fy = frac[Y], fx = frac[X];
      const float top = (1 - fx) * digit[y * n + x] + fx * digit[y * n + x + 1];
      const float bottom = (1 - fx) * digit[(y + 1) * n + x] + fx * digit[(y + 1) * n + x + 1];
      out[Y * big + X] = (1 - fy) * top + fy * bottom;
    }
  return out;
}

std::vector<float> uci_digit_to_mnist(std::span<const float> digit) {
  return preprocess_digit(upscale_uci_digit(digit), uci_bitmap_side, uci_bitmap_side);
}

Dataset uci_digits_mnist() {
  const Dataset small = uci_digits();
  Dataset data;
  data.count = small.count;
  data.input_size = mnist_side * mnist_side;
  data.target_size = small.target_size;
  data.targets = small.targets;
  data.inputs.reserve(data.count * data.input_size);
  for (std::size_t i = 0; i < small.count; ++i) {
    const auto image = uci_digit_to_mnist(std::span(small.inputs).subspan(i * 64, 64));
    data.inputs.insert(data.inputs.end(), image.begin(), image.end());
  }
  return data;
}

}  // namespace glassbox
