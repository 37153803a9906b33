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
