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
  CHECK(trace.sgd_step[3] == Approx(-0.5f * trace.gradients[3]));
  CHECK(trace.sgd_updated[3] == Approx(before[3] - 0.5f * trace.gradients[3]));
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
