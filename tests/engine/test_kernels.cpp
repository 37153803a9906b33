// Fast kernels against their naive references, and hand-computed values.
#include <catch2/catch.hpp>
#include <cmath>

#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/kernels/matmul.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

namespace {

std::vector<float> random_matrix(Rng& rng, std::size_t count, bool with_zeros) {
  std::vector<float> m(count);
  for (float& v : m) v = (with_zeros && rng.uniform() < 0.5) ? 0.0f : rng.uniform(-1.0f, 1.0f);
  return m;
}

float max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  float worst = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

}  // namespace

TEST_CASE("fast GEMM kernels equal the naive references", "[kernels]") {
  Rng rng(3);
  // Odd sizes exercise the 4-row tile and its remainder; zeros the skip path.
  for (const GemmSize s : {GemmSize{1, 1, 1}, GemmSize{7, 13, 5}, GemmSize{33, 64, 17}}) {
    for (const bool accumulate : {false, true}) {
      const auto a = random_matrix(rng, s.m * s.k, true);
      const auto b = random_matrix(rng, s.k * s.n, false);
      const auto start = random_matrix(rng, s.m * s.n, false);
      auto fast = start, naive = start;
      gemm_nn(a, b, fast, s, accumulate);
      gemm_nn_naive(a, b, naive, s, accumulate);
      CHECK(max_difference(fast, naive) < 1e-5f);

      // Aᵀ stored as (K, M), Bᵀ as (N, K): transpose the same operands.
      std::vector<float> at(s.k * s.m), bt(s.n * s.k);
      for (std::size_t i = 0; i < s.m; ++i)
        for (std::size_t k = 0; k < s.k; ++k) at[k * s.m + i] = a[i * s.k + k];
      for (std::size_t k = 0; k < s.k; ++k)
        for (std::size_t j = 0; j < s.n; ++j) bt[j * s.k + k] = b[k * s.n + j];
      auto tn = start, tn_naive = start, nt = start, nt_naive = start;
      gemm_tn(at, b, tn, s, accumulate);
      gemm_tn_naive(at, b, tn_naive, s, accumulate);
      gemm_nt(a, bt, nt, s, accumulate);
      gemm_nt_naive(a, bt, nt_naive, s, accumulate);
      CHECK(max_difference(tn, tn_naive) < 1e-5f);
      CHECK(max_difference(nt, nt_naive) < 1e-5f);
      CHECK(max_difference(tn, naive) < 1e-5f);  // all three compute A·B
      CHECK(max_difference(nt, naive) < 1e-5f);
    }
  }
}

TEST_CASE("GEMM on a 2x2 example computed by hand", "[kernels]") {
  // [1 2] [5 6]   [1·5+2·7  1·6+2·8]   [19 22]
  // [3 4] [7 8] = [3·5+4·7  3·6+4·8] = [43 50]
  const std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
  std::vector<float> c(4);
  gemm_nn(a, b, c, {2, 2, 2}, false);
  CHECK(c == std::vector<float>{19, 22, 43, 50});
}

TEST_CASE("activations and losses on values computed by hand", "[kernels]") {
  const std::vector<float> x = {-2.0f, 0.0f, 3.0f};
  std::vector<float> y(3), dx(3);
  relu_forward(x, y);
  CHECK(y == std::vector<float>{0.0f, 0.0f, 3.0f});
  relu_backward(x, std::vector<float>{5, 5, 5}, dx);
  CHECK(dx == std::vector<float>{0.0f, 0.0f, 5.0f});

  sigmoid_forward(x, y);
  CHECK_THAT(y[1], WithinAbs(0.5, 1e-7));         // σ(0) = 1/2
  CHECK_THAT(y[2], WithinAbs(0.95257413, 1e-6));  // 1 / (1 + e⁻³)
  sigmoid_backward(y, std::vector<float>{1, 1, 1}, dx);
  CHECK_THAT(dx[1], WithinAbs(0.25, 1e-7));  // σ'(0) = 1/4

  // Logits (0, ln 3): softmax = (1/4, 3/4). Target class 1: L = −ln(3/4).
  const std::vector<float> z = {0.0f, std::log(3.0f)}, t = {0.0f, 1.0f};
  std::vector<float> dz(2);
  CHECK_THAT(softmax_cross_entropy(z, t, dz, 1, 2), WithinAbs(-std::log(0.75), 1e-6));
  CHECK_THAT(dz[0], WithinAbs(0.25, 1e-6));  // p − t
  CHECK_THAT(dz[1], WithinAbs(-0.25, 1e-6));

  // MSE of (1, 3) against (0, 1): ((1)² + (2)²) / 2 = 2.5; dy = 2(y − t)/2 = (1, 2).
  std::vector<float> dy(2);
  CHECK_THAT(mean_squared_error(std::vector<float>{1, 3}, std::vector<float>{0, 1}, dy),
             WithinAbs(2.5, 1e-6));
  CHECK(dy == std::vector<float>{1.0f, 2.0f});
}

TEST_CASE("the other activations and losses on values computed by hand", "[kernels]") {
  const auto f = [](const std::string& name, float x, float alpha = 0.0f) {
    std::vector<float> y(1);
    activation_forward(parse_activation(name), alpha, std::vector<float>{x}, y);
    return y[0];
  };
  CHECK_THAT(f("linear", -1.5f), WithinAbs(-1.5, 1e-7));
  CHECK_THAT(f("tanh", 0.5f), WithinAbs(0.46211716, 1e-6));         // tanh ½
  CHECK_THAT(f("leaky_relu", -2.0f, 0.1f), WithinAbs(-0.2, 1e-7));  // α x
  CHECK_THAT(f("elu", -1.0f, 1.0f), WithinAbs(-0.63212056, 1e-6));  // e⁻¹ − 1
  CHECK_THAT(f("gelu", 1.0f), WithinAbs(0.84119199, 1e-6));  // ½(1 + tanh(√(2/π)·1.044715))
  CHECK_THAT(f("gelu_erf", 1.0f), WithinAbs(0.84134475, 1e-6));  // Φ(1)
  CHECK_THAT(f("swish", 1.0f), WithinAbs(0.73105858, 1e-6));     // σ(1)
  CHECK_THAT(f("softplus", 0.0f), WithinAbs(0.69314718, 1e-6));  // ln 2
  CHECK_THAT(f("softplus", 100.0f), WithinAbs(100.0, 1e-4));     // no overflow

  std::vector<float> p(2);
  softmax_rows(std::vector<float>{0.0f, std::log(3.0f)}, p, 1, 2);
  CHECK_THAT(p[0], WithinAbs(0.25, 1e-6));
  CHECK_THAT(p[1], WithinAbs(0.75, 1e-6));

  std::vector<float> dz(2);
  // BCE at z = 0 is ln 2 whatever the target; dz = (σ(0) − t)/2 = (½ − 1)/2, (½ − 0)/2.
  CHECK_THAT(binary_cross_entropy(std::vector<float>{0, 0}, std::vector<float>{1, 0}, dz),
             WithinAbs(0.69314718, 1e-6));
  CHECK_THAT(dz[0], WithinAbs(-0.25, 1e-7));
  CHECK_THAT(dz[1], WithinAbs(0.25, 1e-7));
  // Huber, δ = 1: r = 0.5 → ½·0.25 = 0.125;  r = 2 → 2 − ½ = 1.5;  mean 0.8125.
  CHECK_THAT(huber_loss(std::vector<float>{0.5f, 3.0f}, std::vector<float>{0, 1}, dz),
             WithinAbs(0.8125, 1e-6));
  CHECK_THAT(dz[0], WithinAbs(0.25, 1e-7));  // r / 2
  CHECK_THAT(dz[1], WithinAbs(0.5, 1e-7));   // δ / 2
}
