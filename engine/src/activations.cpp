#include "glassbox/activations.hpp"

#include <algorithm>
#include <cmath>

namespace glassbox {

void relu_forward(std::span<const float> x, std::span<float> y) {
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = x[i] > 0.0f ? x[i] : 0.0f;
}

void relu_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t i = 0; i < x.size(); ++i) dx[i] = x[i] > 0.0f ? dy[i] : 0.0f;
}

void sigmoid_forward(std::span<const float> x, std::span<float> y) {
  for (std::size_t i = 0; i < x.size(); ++i) y[i] = 1.0f / (1.0f + std::exp(-x[i]));
}

void sigmoid_backward(std::span<const float> y, std::span<const float> dy, std::span<float> dx) {
  for (std::size_t i = 0; i < y.size(); ++i) dx[i] = dy[i] * y[i] * (1.0f - y[i]);
}

void softmax_rows(std::span<const float> z, std::span<float> p, std::size_t rows,
                  std::size_t cols) {
  for (std::size_t r = 0; r < rows; ++r) {
    const float* zr = z.data() + r * cols;
    float* pr = p.data() + r * cols;
    const float max = *std::max_element(zr, zr + cols);
    float sum = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) sum += pr[c] = std::exp(zr[c] - max);
    for (std::size_t c = 0; c < cols; ++c) pr[c] /= sum;
  }
}

}  // namespace glassbox
