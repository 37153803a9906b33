#include "glassbox/layers/image_layers.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

void require_image(const Shape& input, const std::string& what) {
  require(input.size() == 3, what + " needs an image input (channels, height, width); got " +
                                 shape_to_string(input) + " (add no flatten before it)");
}

}  // namespace

Conv2D::Conv2D(const Shape& input, std::size_t filters, std::size_t kernel, std::size_t stride,
               std::size_t padding, Init init)
    : init_(init) {
  require_image(input, "conv2d");
  require(filters >= 1 && filters <= 1024,
          "conv2d filters must be 1..1024, got " + std::to_string(filters));
  require(kernel >= 1 && kernel <= 15,
          "conv2d kernel must be 1..15, got " + std::to_string(kernel));
  require(stride >= 1 && stride <= 8, "conv2d stride must be 1..8, got " + std::to_string(stride));
  require(padding < kernel, "conv2d padding must be less than the kernel size (" +
                                std::to_string(kernel) + "), got " + std::to_string(padding));
  g_ = {input[0], input[1], input[2], filters, kernel, stride, padding};
  require(input[1] + 2 * padding >= kernel && input[2] + 2 * padding >= kernel,
          "conv2d kernel " + std::to_string(kernel) + "×" + std::to_string(kernel) +
              " does not fit a " + std::to_string(input[1]) + "×" + std::to_string(input[2]) +
              " input with padding " + std::to_string(padding));
}

std::size_t Conv2D::input_size() const {
  return g_.channels * g_.height * g_.width;
}
std::size_t Conv2D::output_size() const {
  return g_.filters * g_.out_pixels();
}
Shape Conv2D::output_shape() const {
  return {g_.filters, g_.out_height(), g_.out_width()};
}

std::vector<ParameterInfo> Conv2D::parameters() const {
  return {{"weight", {g_.filters, g_.channels, g_.kernel, g_.kernel}, true},
          {"bias", {g_.filters}, false}};
}

void Conv2D::bind(std::span<float> params, std::span<float> grads) {
  const std::size_t n = g_.filters * g_.patch_size();
  weight_ = params.subspan(0, n), bias_ = params.subspan(n, g_.filters);
  weight_grad_ = grads.subspan(0, n), bias_grad_ = grads.subspan(n, g_.filters);
}

void Conv2D::initialize(Rng& rng) {
  // Fan-in and fan-out of one output pixel: C·k·k inputs, OC·k·k outputs.
  initialize_weights(init_, weight_, g_.patch_size(), g_.filters * g_.kernel * g_.kernel, rng);
  std::fill(bias_.begin(), bias_.end(), 0.0f);
}

void Conv2D::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n)
    conv2d_forward(x.subspan(n * in, in), weight_, bias_, y.subspan(n * out, out), g_, columns_);
}

void Conv2D::backward(std::span<const float> x, std::span<const float> /*y*/,
                      std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n) {
    conv2d_backward(x.subspan(n * in, in), weight_, dy.subspan(n * out, out), weight_grad_,
                    bias_grad_, dx.empty() ? dx : dx.subspan(n * in, in), g_, columns_, dcolumns_);
  }
}

Pool2D::Pool2D(Kind kind, const Shape& input, std::size_t size) : kind_(kind) {
  require_image(input, kind == Kind::max ? "maxpool2d" : "avgpool2d");
  require(size >= 2 && size <= 8, "pool size must be 2..8, got " + std::to_string(size));
  require(input[1] >= size && input[2] >= size,
          "a " + std::to_string(size) + "×" + std::to_string(size) + " pool does not fit a " +
              std::to_string(input[1]) + "×" + std::to_string(input[2]) + " input");
  g_ = {input[0], input[1], input[2], size};
}

std::size_t Pool2D::input_size() const {
  return g_.channels * g_.height * g_.width;
}
std::size_t Pool2D::output_size() const {
  return g_.channels * g_.out_height() * g_.out_width();
}
Shape Pool2D::output_shape() const {
  return {g_.channels, g_.out_height(), g_.out_width()};
}

void Pool2D::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n) {
    if (kind_ == Kind::max) {
      max_pool_forward(x.subspan(n * in, in), y.subspan(n * out, out), g_);
    } else {
      avg_pool_forward(x.subspan(n * in, in), y.subspan(n * out, out), g_);
    }
  }
}

void Pool2D::backward(std::span<const float> x, std::span<const float> /*y*/,
                      std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n) {
    if (kind_ == Kind::max) {
      max_pool_backward(x.subspan(n * in, in), dy.subspan(n * out, out), dx.subspan(n * in, in),
                        g_);
    } else {
      avg_pool_backward(dy.subspan(n * out, out), dx.subspan(n * in, in), g_);
    }
  }
}

void Flatten::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  std::copy_n(x.begin(), batch * size_, y.begin());
}

void Flatten::backward(std::span<const float> /*x*/, std::span<const float> /*y*/,
                       std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (!dx.empty()) std::copy_n(dy.begin(), batch * size_, dx.begin());
}

}  // namespace glassbox
