#include "glassbox/layers/activation.hpp"

namespace glassbox {
namespace {

bool has_alpha(ActivationKind kind) {
  return kind == ActivationKind::leaky_relu || kind == ActivationKind::elu;
}

}  // namespace

LayerType Activation::type_info(ActivationKind kind) {
  LayerType type{
      activation_name(kind), "elementwise activation (softmax: over the last axis)", {}, nullptr};
  if (has_alpha(kind)) {
    type.fields.push_back({.name = "alpha",
                           .kind = FieldKind::number,
                           .help = "the slope or scale α for negative inputs",
                           .fallback = static_cast<double>(default_alpha(kind)),
                           .min = 0,
                           .max = 10});
  }
  type.create = [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
    const ActivationKind k = parse_activation(s.type);
    return std::make_unique<Activation>(input, k, has_alpha(k) ? s.number("alpha") : 0.0f);
  };
  return type;
}

Activation::Activation(const Shape& input, ActivationKind kind, float alpha)
    : Layer(input, input), kind_(kind), alpha_(alpha), name_(activation_name(kind)) {}

LayerSpec Activation::spec() const {
  LayerSpec s{name_};
  if (has_alpha(kind_)) s.fields["alpha"] = static_cast<double>(alpha_);
  return s;
}

const Activation* fusable_activation_layer(const Layer& next) {
  const auto* activation = dynamic_cast<const Activation*>(&next);
  return activation && fusable_activation(activation->kind()) ? activation : nullptr;
}

void Activation::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t n = batch * input_size();
  if (kind_ == ActivationKind::softmax) {
    const std::size_t cols = last_dim(input_shape());
    return softmax_rows(x.first(n), y.first(n), n / cols, cols);
  }
  activation_forward(kind_, alpha_, x.first(n), y.first(n));
}

void Activation::backward(std::span<const float> x, std::span<const float> y,
                          std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  if (dx.empty()) return;
  const std::size_t n = batch * input_size();
  if (kind_ == ActivationKind::softmax) {
    const std::size_t cols = last_dim(input_shape());
    return softmax_rows_backward(y.first(n), dy.first(n), dx.first(n), n / cols, cols);
  }
  activation_backward(kind_, alpha_, x.first(n), y.first(n), dy.first(n), dx.first(n));
}

std::vector<Internal> Activation::internals(std::span<const float> x, std::span<const float>,
                                            std::size_t batch) const {
  return {{"pre_activation", input_shape(), x.first(batch * input_size())}};
}

}  // namespace glassbox

namespace glassbox {

TorchModule Activation::to_torch() const {
  switch (kind_) {
    case ActivationKind::linear:
      return {"nn.Identity()"};
    case ActivationKind::relu:
      return {"nn.ReLU()"};
    case ActivationKind::leaky_relu:
      return {"nn.LeakyReLU(" + float_text(alpha_) + ")"};
    case ActivationKind::elu:
      return {"nn.ELU(" + float_text(alpha_) + ")"};
    case ActivationKind::sigmoid:
      return {"nn.Sigmoid()"};
    case ActivationKind::tanh:
      return {"nn.Tanh()"};
    case ActivationKind::gelu:
      return {"nn.GELU(approximate='tanh')"};
    case ActivationKind::gelu_erf:
      return {"nn.GELU()"};
    case ActivationKind::swish:
      return {"nn.SiLU()"};
    case ActivationKind::softplus:
      // Above x = 20 PyTorch returns x itself; ln(1 + eˣ) − x < 2.1e-9 there.
      return {"nn.Softplus()"};
    case ActivationKind::softmax:
      return {"nn.Softmax(dim=-1)"};
  }
  return Layer::to_torch();
}

std::string Activation::to_onnx(OnnxGraph& g, const std::string& x) const {
  switch (kind_) {
    case ActivationKind::linear:
      return g.add("Identity", {x}, "output");
    case ActivationKind::relu:
      return g.add("Relu", {x}, "output");
    case ActivationKind::leaky_relu:
      return g.add("LeakyRelu", {x}, "output", {onnx_float("alpha", alpha_)});
    case ActivationKind::elu:
      return g.add("Elu", {x}, "output", {onnx_float("alpha", alpha_)});
    case ActivationKind::sigmoid:
      return g.add("Sigmoid", {x}, "output");
    case ActivationKind::tanh:
      return g.add("Tanh", {x}, "output");
    case ActivationKind::gelu: {
      // ½x(1 + tanh(√(2/π)(x + 0.044715x³))), spelled out: ONNX has Gelu only from opset 20.
      const std::string cube = g.add("Mul", {g.add("Mul", {x, x}, "square"), x}, "cube");
      const std::string inner =
          g.add("Add", {x, g.add("Mul", {cube, g.constant("k", 0.044715f)}, "k_cube")}, "inner");
      const std::string t =
          g.add("Tanh", {g.add("Mul", {inner, g.constant("c", 0.7978845608f)}, "scaled")}, "tanh");
      const std::string half_x = g.add("Mul", {x, g.constant("half", 0.5f)}, "half_x");
      return g.add("Mul", {half_x, g.add("Add", {t, g.constant("one", 1.0f)}, "one_plus")},
                   "output");
    }
    case ActivationKind::gelu_erf: {
      // ½x(1 + erf(x/√2))
      const std::string e =
          g.add("Erf", {g.add("Mul", {x, g.constant("inv_sqrt2", 0.70710678f)}, "scaled")}, "erf");
      const std::string half_x = g.add("Mul", {x, g.constant("half", 0.5f)}, "half_x");
      return g.add("Mul", {half_x, g.add("Add", {e, g.constant("one", 1.0f)}, "one_plus")},
                   "output");
    }
    case ActivationKind::swish:
      return g.add("Mul", {x, g.add("Sigmoid", {x}, "sigmoid")}, "output");
    case ActivationKind::softplus: {
      // max(x, 0) + ln(1 + e^(−|x|)), as the engine computes it: ONNX's Softplus,
      // ln(eˣ + 1), overflows to infinity above x ≈ 88.
      const std::string e = g.add("Exp", {g.add("Neg", {g.add("Abs", {x}, "abs")}, "neg")}, "exp");
      const std::string log =
          g.add("Log", {g.add("Add", {e, g.constant("one", 1.0f)}, "sum")}, "log");
      return g.add("Add", {g.add("Relu", {x}, "positive"), log}, "output");
    }
    case ActivationKind::softmax:
      return g.add("Softmax", {x}, "output", {onnx_int("axis", -1)});
  }
  return Layer::to_onnx(g, x);
}

}  // namespace glassbox
