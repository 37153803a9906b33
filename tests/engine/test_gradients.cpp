// Numeric gradient checks through the shared helper in gradcheck.hpp.
#include <catch2/catch.hpp>

#include "glassbox/inspect/trace.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/layers/activation.hpp"
#include "glassbox/layers/dense.hpp"
#include "glassbox/layers/dropout.hpp"
#include "glassbox/model/model.hpp"
#include "gradcheck.hpp"

using namespace glassbox;
using glassbox::testing::check_layer_gradients;
using glassbox::testing::gradient_tolerance;
using glassbox::testing::max_gradient_error;

TEST_CASE("dense layer gradients match finite differences", "[gradient][dense]") {
  Dense dense({5}, 3, Init::xavier_uniform);
  const auto errors = check_layer_gradients(dense, 4, 11);
  CHECK(errors.input < gradient_tolerance);
  CHECK(errors.parameters < gradient_tolerance);
}

TEST_CASE("every activation's gradient matches finite differences", "[gradient][activation]") {
  // Inputs stay ≥ 0.1 away from 0, so the kinks of ReLU and friends are not
  // straddled by the ±h steps.
  for (const std::string name : {"linear", "relu", "leaky_relu", "elu", "sigmoid", "tanh", "gelu",
                                 "gelu_erf", "swish", "softplus", "softmax"}) {
    const ActivationKind kind = parse_activation(name);
    const float alpha = kind == ActivationKind::leaky_relu ? 0.1f : default_alpha(kind);
    Activation layer({6}, kind, alpha);
    INFO(name);
    CHECK(check_layer_gradients(layer, 3, 12).input < gradient_tolerance);
  }
}

TEST_CASE("dropout in eval mode passes the gradient check", "[gradient][dropout]") {
  Dropout dropout({6}, 0.5f);
  dropout.set_training(false);
  CHECK(check_layer_gradients(dropout, 3, 13).input < gradient_tolerance);
}

TEST_CASE("softmax cross-entropy gradient matches finite differences", "[gradient][loss]") {
  Rng rng(14);
  const std::size_t rows = 3, cols = 4;
  std::vector<float> z(rows * cols), t(rows * cols, 0.0f), dz(rows * cols), scratch(rows * cols);
  for (float& v : z) v = rng.uniform(-2.0f, 2.0f);
  t[1] = t[cols + 3] = t[2 * cols] = 1.0f;  // one-hot rows
  softmax_cross_entropy(z, t, dz, rows, cols);
  const auto error = max_gradient_error(
      z, dz, [&] { return double{softmax_cross_entropy(z, t, scratch, rows, cols)}; });
  CHECK(error < gradient_tolerance);
}

TEST_CASE("mean squared error gradient matches finite differences", "[gradient][loss]") {
  Rng rng(15);
  std::vector<float> y(8), t(8), dy(8), scratch(8);
  for (float& v : y) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : t) v = rng.uniform(-1.0f, 1.0f);
  mean_squared_error(y, t, dy);
  const auto error =
      max_gradient_error(y, dy, [&] { return double{mean_squared_error(y, t, scratch)}; });
  CHECK(error < gradient_tolerance);
}

TEST_CASE("binary cross-entropy and Huber gradients match finite differences", "[gradient][loss]") {
  Rng rng(18);
  std::vector<float> z(8), t(8), dz(8), scratch(8);
  for (float& v : z) v = rng.uniform(-3.0f, 3.0f);
  for (std::size_t i = 0; i < t.size(); ++i) t[i] = i % 3 == 0 ? 1.0f : 0.0f;
  binary_cross_entropy(z, t, dz);
  CHECK(max_gradient_error(z, dz, [&] { return double{binary_cross_entropy(z, t, scratch)}; }) <
        gradient_tolerance);
  // Huber: residuals both inside (|r| ≤ 1) and outside the quadratic zone.
  for (float& v : t) v = rng.uniform(-1.0f, 1.0f);
  huber_loss(z, t, dz);
  CHECK(max_gradient_error(z, dz, [&] { return double{huber_loss(z, t, scratch)}; }) <
        gradient_tolerance);
}

TEST_CASE("a whole model backpropagates the loss gradient to every parameter",
          "[gradient][model]") {
  Architecture arch = Architecture::from_sizes("4-5-3", "sigmoid", LossKind::softmax_cross_entropy);
  Model model(arch, 16);
  Rng rng(17);
  const std::size_t batch = 2;
  std::vector<float> x(batch * 4), t(batch * 3, 0.0f), dz(batch * 3), scratch(batch * 3);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  t[0] = t[3 + 2] = 1.0f;
  const auto loss = [&] {
    const auto z = model.forward(x, batch);
    return double{softmax_cross_entropy(z, t, scratch, batch, 3)};
  };
  model.zero_gradients();
  softmax_cross_entropy(model.forward(x, batch), t, dz, batch, 3);
  model.backward(dz);
  const std::vector<float> analytic(model.gradients().begin(), model.gradients().end());
  CHECK(max_gradient_error(model.parameters(), analytic, loss) < gradient_tolerance);
}

TEST_CASE("the step-through trace's ∂L/∂w equals the numeric gradient", "[gradient][trace]") {
  Model model(Architecture::from_sizes("3-4-2", "tanh", LossKind::softmax_cross_entropy), 5);
  const std::vector<float> x = {0.5f, -1.0f, 0.25f}, t = {0.0f, 1.0f};
  const std::vector<float> before(model.parameters().begin(), model.parameters().end());
  const Trace trace = trace_sample(model, x, t, 0.5f);
  // The SGD step it shows is −η ∂L/∂w, and the model itself is untouched.
  CHECK(trace.step[3] == Approx(-0.5f * trace.gradients[3]));
  CHECK(trace.updated[3] == Approx(before[3] - 0.5f * trace.gradients[3]));
  CHECK(std::equal(before.begin(), before.end(), model.parameters().begin()));
  REQUIRE(trace.layers.size() == 2);
  CHECK(trace.layers[0].activation == "tanh");
  CHECK(trace.layers[1].activation == "linear");
  // a = tanh(z) in the hidden layer; δ of the output = p − t.
  for (std::size_t j = 0; j < 4; ++j)
    CHECK(trace.layers[0].a[j] == Approx(std::tanh(trace.layers[0].z[j])));
  CHECK(trace.layers[1].delta[1] == Approx(trace.output[1] - 1.0f));
  // ∂L/∂W_ij = a_i δ_j, written out for one weight of the output layer.
  const auto& out = trace.layers[1];
  CHECK(trace.gradients[out.parameter_offset + 2 * 2 + 1] ==
        Approx(trace.layers[0].a[2] * out.delta[1]));
  std::vector<float> scratch(2);
  const auto error = max_gradient_error(model.parameters(), trace.gradients, [&] {
    return double{softmax_cross_entropy(model.forward(x, 1), t, scratch, 1, 2)};
  });
  CHECK(error < gradient_tolerance);
}

// ---- The check bites -------------------------------------------------------

namespace {

// A dense layer whose weight gradient is 1% too large: the shared check must
// reject it. (Wrong on purpose; it exists only to prove the check can fail.)
class OnePercentOffDense final : public Layer {
public:
  OnePercentOffDense() : Layer({5}, {3}), inner_({5}, 3, Init::xavier_uniform) {}
  std::string_view type() const override { return "dense"; }
  LayerSpec spec() const override { return inner_.spec(); }
  std::vector<ParameterInfo> parameters() const override { return inner_.parameters(); }
  void bind(std::span<float> p, std::span<float> g) override {
    grads_ = g;
    inner_.bind(p, g);
  }
  void initialize(Rng& rng) override { inner_.initialize(rng); }
  void forward(std::span<const float> x, std::span<float> y, std::size_t n) override {
    inner_.forward(x, y, n);
  }
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t n) override {
    inner_.backward(x, y, dy, dx, n);
    for (std::size_t i = 0; i < 15; ++i) grads_[i] *= 1.01f;  // W's gradient, 1% off
  }

private:
  Dense inner_;
  std::span<float> grads_;
};

// A sigmoid layer that backpropagates tanh's derivative: a swapped derivative.
class SwappedDerivative final : public Layer {
public:
  SwappedDerivative() : Layer({6}, {6}) {}
  std::string_view type() const override { return "sigmoid"; }
  LayerSpec spec() const override { return {"sigmoid"}; }
  void forward(std::span<const float> x, std::span<float> y, std::size_t n) override {
    activation_forward(ActivationKind::sigmoid, 0.0f, x.first(6 * n), y.first(6 * n));
  }
  void backward(std::span<const float> x, std::span<const float>, std::span<const float> dy,
                std::span<float> dx, std::size_t n) override {
    std::vector<float> t(6 * n);
    activation_forward(ActivationKind::tanh, 0.0f, x.first(6 * n), t);
    activation_backward(ActivationKind::tanh, 0.0f, x.first(6 * n), t, dy.first(6 * n),
                        dx.first(6 * n));
  }
};

// Double references of the two GELUs, for derivatives finer than float allows.
double gelu_tanh(double x) {
  const double c = std::sqrt(2.0 / 3.14159265358979323846);
  return 0.5 * x * (1.0 + std::tanh(c * (x + 0.044715 * x * x * x)));
}
double gelu_erf(double x) {
  return 0.5 * x * (1.0 + std::erf(x / std::sqrt(2.0)));
}

// max |f'(x) − numeric d/dx ref(x)| over x in [−3, 3], the engine's f' in float.
double gelu_derivative_error(double (*reference)(double)) {
  double worst = 0.0;
  for (int i = -300; i <= 300; ++i) {
    const double x = i / 100.0, h = 1e-5;
    const double numeric = (reference(x + h) - reference(x - h)) / (2.0 * h);
    const std::vector<float> xs = {static_cast<float>(x)}, dy = {1.0f};
    std::vector<float> y(1), dx(1);
    activation_forward(ActivationKind::gelu, 0.0f, xs, y);
    activation_backward(ActivationKind::gelu, 0.0f, xs, y, dy, dx);
    worst = std::max(worst, std::abs(double{dx[0]} - numeric));
  }
  return worst;
}

}  // namespace

TEST_CASE("the gradient check rejects a 1% error and a swapped derivative", "[gradient][bite]") {
  OnePercentOffDense off;
  const auto e = check_layer_gradients(off, 4, 11);
  CHECK(e.input < gradient_tolerance);             // dx is right
  CHECK_FALSE(e.parameters < gradient_tolerance);  // dW is 1% off: rejected
  CHECK(e.parameters.error > 5e-3);

  SwappedDerivative swapped;
  CHECK_FALSE(check_layer_gradients(swapped, 3, 12).input < gradient_tolerance);
}

TEST_CASE("GELU's derivative is the tanh form's, not the erf form's", "[gradient][bite]") {
  // The two derivatives differ by up to ~3.6e-4 on [−3, 3]: below the float
  // check's noise, so this compares against double references directly.
  CHECK(gelu_derivative_error(gelu_tanh) < 2e-6);
  CHECK(gelu_derivative_error(gelu_erf) > 1e-4);
}

TEST_CASE("dropout in training mode passes the check with a fixed mask", "[gradient][dropout]") {
  Dropout dropout({8}, 0.5f);
  dropout.set_training(true);
  const auto e = check_layer_gradients(dropout, 3, 13, [&] { dropout.reseed(7); });
  CHECK(e.input < gradient_tolerance);
}

TEST_CASE("dense on a sequence (T, D) maps every step and passes the check", "[gradient][dense]") {
  Dense dense({3, 4}, 2, Init::xavier_uniform);  // 3 time steps of 4 features → (3, 2)
  CHECK(dense.output_shape() == Shape{3, 2});
  const auto e = check_layer_gradients(dense, 2, 14);
  CHECK(e.input < gradient_tolerance);
  CHECK(e.parameters < gradient_tolerance);
}

TEST_CASE("a trace shows the run's own optimizer step, Adam's moments included",
          "[gradient][trace]") {
  Model model(Architecture::from_sizes("2-3-1", "tanh", LossKind::mse), 4);
  const std::vector<float> x = {0.5f, -0.25f}, t = {0.8f};
  const std::vector<float> before(model.parameters().begin(), model.parameters().end());
  Adam adam(0.01f);
  // Adam's first step, by hand: m = (1 − β₁) g, v = (1 − β₂) g², m̂ = g,
  // v̂ = g², so Δw = −η g / (|g| + ε) = −η sign(g) (for |g| ≫ ε).
  const Trace first = trace_sample(model, x, t, adam);
  CHECK(first.optimizer == "adam");
  REQUIRE(first.quantities.size() == 4);
  CHECK(first.quantities[0].name == "m");
  CHECK(first.quantities[3].name == "v_hat");
  for (std::size_t k = 0; k < first.gradients.size(); ++k) {
    const float g = first.gradients[k];
    CHECK(first.quantities[0].values[k] == Approx(0.1f * g));
    CHECK(first.quantities[1].values[k] == Approx((1.0f - 0.999f) * g * g).margin(1e-12));
    CHECK(first.quantities[2].values[k] == Approx(g));
    if (std::abs(g) > 1e-4f) CHECK(first.step[k] == Approx(g > 0 ? -0.01f : 0.01f).epsilon(1e-3));
  }
  // Looking changed nothing: not the model, not the optimizer (a second
  // trace is again a first step).
  CHECK(std::equal(before.begin(), before.end(), model.parameters().begin()));
  const Trace again = trace_sample(model, x, t, adam);
  CHECK(again.step == first.step);
  // After one real step, the trace continues from the optimizer's state: t = 2.
  std::vector<float> params(before);
  adam.step(params, first.gradients);
  const Trace second = trace_sample(model, x, t, adam);
  const float g = second.gradients[0], m1 = 0.1f * first.gradients[0];
  CHECK(second.quantities[0].values[0] == Approx(0.9f * m1 + 0.1f * g));
  CHECK(second.quantities[2].meaning == "m̂ = m / (1 − β₁ᵗ), t = 2");
}
