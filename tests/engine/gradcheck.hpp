#pragma once
// The one numeric gradient check every layer and loss goes through.
//
// For a scalar loss L(v), compare an analytic gradient g with the central
// difference n_i = (L(v + h e_i) − L(v − h e_i)) / 2h, evaluated with the loss
// summed in double. The error of entry i is |g_i − n_i| / max(1, |g_i|, |n_i|):
// absolute for small gradients, relative for large ones.
#include <algorithm>
#include <cmath>
#include <functional>
#include <span>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/layers/layer.hpp"

namespace glassbox::testing {

// Step h and tolerance suit float32 layers on O(1) values: float rounding of a
// loss of magnitude ~10 is ~1e-6, divided by 2h = 2e-3 gives ~5e-4 of noise.
inline constexpr float gradient_step = 1e-3f;
inline constexpr double gradient_tolerance = 5e-3;

inline double max_gradient_error(std::span<float> values, std::span<const float> analytic,
                                 const std::function<double()>& loss, float h = gradient_step) {
  double worst = 0.0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    const float saved = values[i];
    values[i] = saved + h;
    const double plus = loss();
    values[i] = saved - h;
    const double minus = loss();
    values[i] = saved;
    const double numeric = (plus - minus) / (2.0 * static_cast<double>(h));
    const double a = analytic[i];
    worst =
        std::max(worst, std::abs(a - numeric) / std::max({1.0, std::abs(a), std::abs(numeric)}));
  }
  return worst;
}

struct LayerGradientErrors {
  double input = 0.0;
  double parameters = 0.0;
};

// Checks a layer on a random batch with the loss L = Σ r ⊙ y for a fixed random
// r, so ∂L/∂y = r. Inputs are drawn from ±[0.1, 1] to stay off ReLU's kink.
inline LayerGradientErrors check_layer_gradients(Layer& layer, std::size_t batch,
                                                 std::uint64_t seed) {
  Rng rng(seed);
  std::vector<float> params(layer.parameter_count()), grads(layer.parameter_count(), 0.0f);
  std::vector<float> state(layer.state_count());
  layer.bind(params, grads);
  layer.bind_state(state);
  layer.initialize(rng);
  for (float& p : params) p += rng.uniform(-0.1f, 0.1f);  // non-zero biases too
  std::vector<float> x(batch * layer.input_size()), y(batch * layer.output_size());
  std::vector<float> r(y.size()), dx(x.size());
  for (float& v : x) v = rng.uniform(0.1f, 1.0f) * (rng.uniform() < 0.5 ? -1.0f : 1.0f);
  for (float& v : r) v = rng.uniform(-1.0f, 1.0f);

  const auto loss = [&] {
    layer.forward(x, y, batch);
    double sum = 0.0;
    for (std::size_t i = 0; i < y.size(); ++i) sum += double{r[i]} * y[i];
    return sum;
  };
  loss();
  layer.backward(x, y, r, dx, batch);
  LayerGradientErrors errors;
  errors.input = max_gradient_error(x, dx, loss);
  const std::vector<float> analytic_params(grads.begin(), grads.end());
  errors.parameters = max_gradient_error(params, analytic_params, loss);
  return errors;
}

}  // namespace glassbox::testing
