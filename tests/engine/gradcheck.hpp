#pragma once
// The one numeric gradient check every layer and loss goes through.
//
// For a scalar loss L(v), compare an analytic gradient g with the central
// difference n_i = (L(v + h e_i) − L(v − h e_i)) / 2h, with L summed in
// double. The error is relative to the gradient's scale:
//   error = max_i |g_i − n_i| / max(‖n‖_∞, floor)
// so a derivative that is wrong by 1% anywhere fails (tolerance 2e-3), and
// an all-zero gradient is reported rather than passed.
//
// Float32 layers: h = 1e-2 keeps float rounding of L (~1e-6 of ~10, divided
// by 2h) near 5e-5 of the scale; the h² truncation term is ~1e-4 for smooth
// layers. Where two candidate derivatives differ by less than that (GELU-tanh
// against GELU-erf), tests use a double reference of the forward pass with
// a tighter tolerance instead (test_gradients.cpp).
#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/layers/layer.hpp"

namespace glassbox::testing {

inline constexpr double gradient_step = 1e-2;
inline constexpr double gradient_tolerance = 2e-3;

struct GradientError {
  double error = 0.0;  // relative, as above
  double scale = 0.0;  // ‖n‖_∞, the numeric gradient's largest entry
  bool operator<(double tolerance) const { return scale > 0.0 && error < tolerance; }
};

// Numeric vs analytic over `values` (float, perturbed in place and restored).
inline GradientError max_gradient_error(std::span<float> values, std::span<const float> analytic,
                                        const std::function<double()>& loss,
                                        double h = gradient_step) {
  std::vector<double> numeric(values.size());
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float saved = values[i];
    values[i] = static_cast<float>(saved + h);
    const double plus = loss();
    values[i] = static_cast<float>(saved - h);
    const double minus = loss();
    values[i] = saved;
    numeric[i] = (plus - minus) / (2.0 * h);
  }
  GradientError result;
  for (double n : numeric) result.scale = std::max(result.scale, std::abs(n));
  const double floor = std::max(result.scale, 1e-6);
  for (std::size_t i = 0; i < values.size(); ++i)
    result.error = std::max(result.error, std::abs(double{analytic[i]} - numeric[i]) / floor);
  return result;
}

struct LayerGradientErrors {
  GradientError input;
  GradientError parameters;
};

// Checks a layer on a random batch with the loss L = Σ r ⊙ y for a fixed random
// r, so ∂L/∂y = r. Inputs are drawn from ±[0.1, 1] to stay off ReLU's kink.
// `before_forward` runs before every forward (a test re-seeds dropout there,
// so every evaluation uses the same mask).
inline LayerGradientErrors check_layer_gradients(
    Layer& layer, std::size_t batch, std::uint64_t seed,
    const std::function<void()>& before_forward = [] {}) {
  Rng rng(seed);
  std::vector<float> params(layer.parameter_count()), grads(layer.parameter_count(), 0.0f);
  std::vector<float> state(layer.state_count());
  std::vector<float> cache(layer.cache_size(batch)), workspace(layer.workspace_size(batch));
  layer.bind(params, grads);
  layer.bind_state(state);
  layer.bind_buffers(cache, workspace, batch);
  layer.initialize(rng);
  for (float& p : params) p += rng.uniform(-0.1f, 0.1f);  // non-zero biases too
  std::vector<float> x(batch * layer.input_size()), y(batch * layer.output_size());
  std::vector<float> r(y.size()), dx(x.size());
  for (float& v : x) v = rng.uniform(0.1f, 1.0f) * (rng.uniform() < 0.5 ? -1.0f : 1.0f);
  for (float& v : r) v = rng.uniform(-1.0f, 1.0f);

  const auto loss = [&] {
    before_forward();
    layer.forward(x, y, batch);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += double{r[i]} * y[i];
    return sum;
  };
  // Running statistics move on every training forward; freeze them around
  // the numeric passes so each evaluation sees the same layer.
  const std::vector<float> saved_state = state;
  loss();
  layer.backward(x, y, r, dx, batch);
  const std::vector<float> analytic_params(grads.begin(), grads.end());
  const std::vector<float> analytic_input(dx.begin(), dx.end());
  LayerGradientErrors errors;
  const auto frozen_loss = [&] {
    state = saved_state;
    return loss();
  };
  errors.input = max_gradient_error(x, analytic_input, frozen_loss);
  if (!params.empty()) errors.parameters = max_gradient_error(params, analytic_params, frozen_loss);
  return errors;
}

}  // namespace glassbox::testing
