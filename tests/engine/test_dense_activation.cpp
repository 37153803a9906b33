// The fused dense + activation kernel (kernels/dense_activation.hpp): values
// by hand, bit-for-bit equality with the three separate steps on every edge of
// the GEMM's blocking, agreement with the naive reference, clear errors, and
// the model's forward pass using it.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/dense_activation.hpp"
#include "glassbox/model/model.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

namespace {

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

// The unfused steps the model ran before fusion: z = b, z += x·W, a = f(z).
void three_steps(const std::vector<float>& x, const std::vector<float>& w,
                 const std::vector<float>& bias, std::vector<float>& z, std::vector<float>& a,
                 GemmSize s, ActivationKind kind, float alpha) {
  for (std::size_t r = 0; r < s.m; ++r)
    for (std::size_t j = 0; j < s.n; ++j) z[r * s.n + j] = bias[j];
  gemm_nn(x, w, z, s, /*accumulate=*/true);
  activation_forward(kind, alpha, z, a);
}

}  // namespace

TEST_CASE("dense + relu and dense + leaky_relu on values computed by hand", "[kernels]") {
  // x (2×3), W (3×2), b (2). Row 0: z = 0.5 + 1·1 − 2·3 + 0.5·2 = −3.5 and
  // −0.25 + 1·2 − 2·(−1) + 0.5·0 = 3.75. Row 1 is all zeros: z = b.
  const std::vector<float> x = {1, -2, 0.5f, 0, 0, 0};
  const std::vector<float> w = {1, 2, 3, -1, 2, 0};
  const std::vector<float> b = {0.5f, -0.25f};
  std::vector<float> z(4), a(4);
  dense_activation_forward(x, w, b, z, a, {2, 3, 2}, ActivationKind::relu, 0.0f);
  CHECK(z == std::vector<float>{-3.5f, 3.75f, 0.5f, -0.25f});
  CHECK(a == std::vector<float>{0.0f, 3.75f, 0.5f, 0.0f});

  dense_activation_forward(x, w, b, z, a, {2, 3, 2}, ActivationKind::leaky_relu, 0.1f);
  CHECK(z == std::vector<float>{-3.5f, 3.75f, 0.5f, -0.25f});
  CHECK_THAT(a[0], WithinAbs(-0.35, 1e-6));  // 0.1 · (−3.5)
  CHECK(a[1] == 3.75f);
  CHECK(a[2] == 0.5f);
  CHECK_THAT(a[3], WithinAbs(-0.025, 1e-7));  // 0.1 · (−0.25)
}

TEST_CASE("fused relu maps −0 to +0 and NaN to 0, as the relu kernel does", "[kernels]") {
  // An all-zero input row with b = −0: every k is skipped, so z = −0.
  const std::vector<float> zeros = {0, 0}, w = {1, 1}, b = {-0.0f};
  std::vector<float> z(1), a(1, 7.0f);
  dense_activation_forward(zeros, w, b, z, a, {1, 2, 1}, ActivationKind::relu, 0.0f);
  CHECK(std::signbit(z[0]));
  CHECK(a[0] == 0.0f);
  CHECK_FALSE(std::signbit(a[0]));  // relu(−0) = +0: −0 > 0 is false
  dense_activation_forward(zeros, w, b, z, a, {1, 2, 1}, ActivationKind::leaky_relu, 0.5f);
  CHECK(std::signbit(a[0]));  // 0.5 · (−0) = −0

  // A NaN input makes z NaN; relu gives 0 (NaN > 0 is false), leaky_relu NaN.
  const std::vector<float> with_nan = {1, std::numeric_limits<float>::quiet_NaN()};
  dense_activation_forward(with_nan, w, b, z, a, {1, 2, 1}, ActivationKind::relu, 0.0f);
  CHECK(std::isnan(z[0]));
  CHECK(a[0] == 0.0f);
  dense_activation_forward(with_nan, w, b, z, a, {1, 2, 1}, ActivationKind::leaky_relu, 0.5f);
  CHECK(std::isnan(a[0]));
}

TEST_CASE("fused dense + activation equals the three separate steps, bit for bit",
          "[kernels]") {
  // Rows 1…9 (B read in place up to 8, tiles of 4 with 1–3 left over), 17 and
  // 100 (packed, several row panels); K 1, 7, 300 and 600 (one, two and three
  // K blocks: the activation must wait for the last); N 1, 9, 17, 130 and 520
  // (partial tiles, and two column blocks of 512); inputs dense and half zero
  // (the sparse micro-kernel).
  struct Case {
    std::size_t m, k, n;
  };
  const Case cases[] = {{1, 7, 9},    {2, 300, 17},  {3, 1, 1},    {4, 600, 130}, {5, 7, 520},
                        {8, 300, 9},  {9, 600, 17},  {17, 7, 130}, {17, 300, 1},  {100, 600, 9},
                        {64, 784, 128}, {100, 7, 520}};
  Rng rng(11);
  for (const Case& c : cases) {
    for (const bool zeros : {false, true}) {
      for (const ActivationKind kind : {ActivationKind::relu, ActivationKind::leaky_relu}) {
        const GemmSize s{c.m, c.k, c.n};
        std::vector<float> x(c.m * c.k), w(c.k * c.n), b(c.n);
        for (float& v : x) v = zeros && rng.uniform() < 0.5 ? 0.0f : rng.uniform(-1.0f, 1.0f);
        for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
        for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
        std::vector<float> z(c.m * c.n), a(c.m * c.n), z_ref(c.m * c.n), a_ref(c.m * c.n);
        dense_activation_forward(x, w, b, z, a, s, kind, 0.02f);
        three_steps(x, w, b, z_ref, a_ref, s, kind, 0.02f);
        INFO("m " << c.m << " k " << c.k << " n " << c.n << " zeros " << zeros << " "
                  << activation_name(kind));
        CHECK(same_bits(z, z_ref));
        CHECK(same_bits(a, a_ref));
      }
    }
  }
}

TEST_CASE("fused dense + activation agrees with its naive reference", "[kernels]") {
  const GemmSize s{33, 129, 70};
  Rng rng(5);
  std::vector<float> x(s.m * s.k), w(s.k * s.n), b(s.n);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
  for (float& v : b) v = rng.uniform(-1.0f, 1.0f);
  std::vector<float> z(s.m * s.n), a(s.m * s.n), z_naive(s.m * s.n), a_naive(s.m * s.n);
  dense_activation_forward(x, w, b, z, a, s, ActivationKind::leaky_relu, 0.1f);
  dense_activation_forward_naive(x, w, b, z_naive, a_naive, s, ActivationKind::leaky_relu, 0.1f);
  std::size_t negative = 0;
  for (std::size_t i = 0; i < z.size(); ++i) {
    CHECK_THAT(z[i], WithinAbs(z_naive[i], 1e-4));
    CHECK_THAT(a[i], WithinAbs(a_naive[i], 1e-4));
    negative += z[i] < 0.0f;
  }
  CHECK(negative > z.size() / 4);  // both branches of f are exercised
}

TEST_CASE("fused dense + activation refuses what it cannot do", "[kernels]") {
  std::vector<float> x(6), w(6), b(2), z(4), a(4);
  CHECK_THROWS_WITH(
      dense_activation_forward(x, w, b, z, a, {2, 3, 2}, ActivationKind::sigmoid, 0.0f),
      "dense + activation: cannot fuse sigmoid; only relu and leaky_relu");
  CHECK_THROWS_WITH(dense_activation_forward(x, w, b, z, a, {2, 0, 2}, ActivationKind::relu, 0.0f),
                    "dense + activation: the input has no features (K = 0)");
  std::vector<float> short_a(3);
  CHECK_THROWS_WITH(
      dense_activation_forward(x, w, b, z, short_a, {2, 3, 2}, ActivationKind::relu, 0.0f),
      "dense + activation: a needs 4 values, but its buffer holds 3");
  CHECK_THROWS_WITH(
      dense_activation_forward(x, w, b, z, a, {2, 3, 3}, ActivationKind::relu, 0.0f),
      "dense + activation: W needs 9 values, but its buffer holds 6");
}

TEST_CASE("the model's forward pass fuses dense + relu with the same bits as layer by layer",
          "[kernels][layers]") {
  for (const std::string activation : {"relu", "leaky_relu", "sigmoid"}) {
    Model model(Architecture::from_sizes("20-16-9-3", activation, LossKind::softmax_cross_entropy),
                4);
    Rng rng(3);
    const std::size_t batch = 6;
    std::vector<float> x(batch * 20);
    for (float& v : x) v = rng.uniform() < 0.3 ? 0.0f : rng.uniform(-2.0f, 2.0f);
    model.forward(x, batch);
    // Layer by layer, each alone, through the unfused Layer::forward.
    std::vector<float> in = x;
    for (std::size_t i = 0; i < model.layer_count(); ++i) {
      Layer& layer = model.layer(i);
      std::vector<float> out(batch * layer.output_size());
      layer.forward(in, out, batch);
      const auto fused = model.activation(i);
      INFO(activation << ": layer " << i << " (" << layer.type() << ")");
      CHECK(same_bits(std::vector<float>(fused.begin(), fused.end()), out));
      in = out;
    }
  }
}
