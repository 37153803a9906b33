#include "glassbox/layers/pool2d.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/layers/conv2d.hpp"

namespace glassbox {
namespace {

PoolGeometry pool_geometry(Pool2D::Kind kind, const Shape& input, std::size_t size) {
  require_image(input, kind == Pool2D::Kind::max ? "maxpool2d" : "avgpool2d");
  require(input[1] >= size && input[2] >= size,
          "a " + std::to_string(size) + "×" + std::to_string(size) + " pool does not fit a " +
              std::to_string(input[1]) + "×" + std::to_string(input[2]) + " input");
  return {input[0], input[1], input[2], size};
}

}  // namespace

LayerType Pool2D::type_info(Kind kind) {
  const bool max = kind == Kind::max;
  LayerType type{
      max ? "maxpool2d" : "avgpool2d",
      max ? "the largest value of each size × size window" : "the mean of each size × size window",
      {{.name = "size",
        .kind = FieldKind::count,
        .help = "the window's side, 2..8",
        .fallback = 2.0,
        .min = 2,
        .max = 8}},
      nullptr};
  if (max) {
    type.create = [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
      return std::make_unique<Pool2D>(Kind::max, input, s.count("size"));
    };
  } else {
    type.create = [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
      return std::make_unique<Pool2D>(Kind::average, input, s.count("size"));
    };
  }
  return type;
}

Pool2D::Pool2D(Kind kind, const Shape& input, std::size_t size)
    : Layer(input,
            [&] {
              const PoolGeometry g = pool_geometry(kind, input, size);
              return Shape{g.channels, g.out_height(), g.out_width()};
            }()),
      kind_(kind),
      g_(pool_geometry(kind, input, size)) {}

LayerSpec Pool2D::spec() const {
  return {std::string(type()), {{"size", static_cast<double>(g_.size)}}};
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

}  // namespace glassbox

namespace glassbox {

// Windows of size × size at stride size; a remainder row or column is dropped
// (floor), as PyTorch and ONNX do by default.
TorchModule Pool2D::to_torch() const {
  const std::string size = std::to_string(g_.size);
  return {(kind_ == Kind::max ? "nn.MaxPool2d(" : "nn.AvgPool2d(") + size + ")"};
}

std::string Pool2D::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto s = static_cast<std::int64_t>(g_.size);
  return graph.add(kind_ == Kind::max ? "MaxPool" : "AveragePool", {input}, "output",
                   {onnx_ints("kernel_shape", {s, s}), onnx_ints("strides", {s, s})});
}

}  // namespace glassbox
