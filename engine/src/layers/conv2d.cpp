#include "glassbox/layers/conv2d.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/activation.hpp"

namespace glassbox {

void require_image(const Shape& input, const std::string& what) {
  require(input.size() == 3, what + " needs an image input (channels, height, width); got " +
                                 shape_to_string(input) + " (add no flatten before it)");
}

namespace {

ConvGeometry conv_geometry(const Shape& input, std::size_t filters, std::size_t kernel,
                           std::size_t stride, std::size_t padding) {
  require_image(input, "conv2d");
  require(padding < kernel, "conv2d padding must be less than the kernel size (" +
                                std::to_string(kernel) + "), got " + std::to_string(padding));
  require(input[1] + 2 * padding >= kernel && input[2] + 2 * padding >= kernel,
          "conv2d kernel " + std::to_string(kernel) + "×" + std::to_string(kernel) +
              " does not fit a " + std::to_string(input[1]) + "×" + std::to_string(input[2]) +
              " input with padding " + std::to_string(padding));
  return {input[0], input[1], input[2], filters, kernel, stride, padding};
}

}  // namespace

LayerType Conv2D::type_info() {
  return {"conv2d",
          "2-D convolution over an image (C, H, W)",
          {{.name = "filters",
            .kind = FieldKind::count,
            .help = "output channels, 1..1024",
            .required = true,
            .min = 1,
            .max = 1024},
           {.name = "kernel",
            .kind = FieldKind::count,
            .help = "the square kernel's side, 1..15",
            .required = true,
            .min = 1,
            .max = 15},
           {.name = "stride", .kind = FieldKind::count, .fallback = 1.0, .min = 1, .max = 8},
           {.name = "padding", .kind = FieldKind::count, .fallback = 0.0, .min = 0, .max = 14},
           init_field()},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Conv2D>(input, s.count("filters"), s.count("kernel"),
                                            s.count("stride"), s.count("padding"),
                                            parse_init(s.text("init")));
          }};
}

Conv2D::Conv2D(const Shape& input, std::size_t filters, std::size_t kernel, std::size_t stride,
               std::size_t padding, Init init)
    : Layer(input,
            [&] {
              const ConvGeometry g = conv_geometry(input, filters, kernel, stride, padding);
              return Shape{g.filters, g.out_height(), g.out_width()};
            }()),
      g_(conv_geometry(input, filters, kernel, stride, padding)),
      init_(init) {}

LayerSpec Conv2D::spec() const {
  return {"conv2d",
          {{"filters", static_cast<double>(g_.filters)},
           {"kernel", static_cast<double>(g_.kernel)},
           {"stride", static_cast<double>(g_.stride)},
           {"padding", static_cast<double>(g_.padding)},
           {"init", init_name(init_)}}};
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

std::size_t Conv2D::workspace_size(std::size_t /*batch*/) const {
  return 2 * checked_multiply(g_.patch_size(), g_.out_pixels(), "conv2d patch matrix");
}

void Conv2D::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n)
    conv2d_forward(x.subspan(n * in, in), weight_, bias_, y.subspan(n * out, out), g_, workspace_);
}

bool Conv2D::forward_with_next(std::span<const float> x, std::span<float> y, const Layer& next,
                               std::span<float> next_y, std::size_t batch) {
  const Activation* activation = fusable_activation_layer(next);
  if (!activation) return false;
  const std::size_t in = input_size(), out = output_size();
  for (std::size_t n = 0; n < batch; ++n)
    conv2d_activation_forward(x.subspan(n * in, in), weight_, bias_, y.subspan(n * out, out),
                              next_y.subspan(n * out, out), g_, workspace_, activation->kind(),
                              activation->alpha());
  return true;
}

void Conv2D::backward(std::span<const float> x, std::span<const float> /*y*/,
                      std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const std::size_t in = input_size(), out = output_size();
  const std::size_t patches = g_.patch_size() * g_.out_pixels();
  const auto columns = workspace_.first(patches), dcolumns = workspace_.subspan(patches, patches);
  for (std::size_t n = 0; n < batch; ++n) {
    conv2d_backward(x.subspan(n * in, in), weight_, dy.subspan(n * out, out), weight_grad_,
                    bias_grad_, dx.empty() ? dx : dx.subspan(n * in, in), g_, columns, dcolumns);
  }
}

}  // namespace glassbox

namespace glassbox {

namespace {
std::int64_t dim(std::size_t n) {
  return static_cast<std::int64_t>(n);
}
}  // namespace

// Our images are (C, H, W) per sample, PyTorch's NCHW: no layout change, and
// W is (OC, C, k, k) in all three.
TorchModule Conv2D::to_torch() const {
  return {"nn.Conv2d(" + std::to_string(g_.channels) + ", " + std::to_string(g_.filters) + ", " +
          std::to_string(g_.kernel) + ", stride=" + std::to_string(g_.stride) +
          ", padding=" + std::to_string(g_.padding) + ")"};
}

std::string Conv2D::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const std::string w = graph.initializer(
      "weight", {dim(g_.filters), dim(g_.channels), dim(g_.kernel), dim(g_.kernel)}, weight_);
  const std::string b = graph.initializer("bias", {dim(g_.filters)}, bias_);
  const std::int64_t p = dim(g_.padding), s = dim(g_.stride), k = dim(g_.kernel);
  return graph.add("Conv", {input, w, b}, "output",
                   {onnx_ints("kernel_shape", {k, k}), onnx_ints("strides", {s, s}),
                    onnx_ints("pads", {p, p, p, p})});
}

}  // namespace glassbox
