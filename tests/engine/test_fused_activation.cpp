// The fused dense + activation (kernels/dense_activation.hpp) and conv +
// activation (kernels/conv.hpp) kernels: values by hand, bit-for-bit equality
// with the separate steps on every edge of the GEMM's blocking and both
// convolution paths, agreement with the naive references, clear errors, and
// the model's forward pass using them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/conv.hpp"
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

// The model's forward pass (which fuses where it can) against each layer run
// alone through its unfused Layer::forward: every activation, bit for bit.
void check_forward_layer_by_layer(Model& model, const std::vector<float>& x, std::size_t batch) {
  model.forward(x, batch);
  std::vector<float> in = x;
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    Layer& layer = model.layer(i);
    std::vector<float> out(batch * layer.output_size());
    layer.forward(in, out, batch);
    const auto fused = model.activation(i);
    INFO("layer " << i << " (" << layer.type() << ")");
    CHECK(same_bits(std::vector<float>(fused.begin(), fused.end()), out));
    in = out;
  }
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

TEST_CASE("fused dense + activation equals the three separate steps, bit for bit", "[kernels]") {
  // Rows 1…9 (B read in place up to 8, tiles of 4 with 1–3 left over), 17 and
  // 100 (packed, several row panels); K 1, 7, 300 and 600 (one, two and three
  // K blocks: the activation must wait for the last); N 1, 9, 17, 130 and 520
  // (partial tiles, and two column blocks of 512); inputs dense and half zero
  // (the sparse micro-kernel).
  struct Case {
    std::size_t m, k, n;
  };
  const Case cases[] = {{1, 7, 9},    {2, 300, 17},  {3, 1, 1},      {4, 600, 130},
                        {5, 7, 520},  {8, 300, 9},   {9, 600, 17},   {17, 7, 130},
                        {17, 300, 1}, {100, 600, 9}, {64, 784, 128}, {100, 7, 520}};
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
  CHECK_THROWS_WITH(dense_activation_forward(x, w, b, z, a, {2, 3, 3}, ActivationKind::relu, 0.0f),
                    "dense + activation: W needs 9 values, but its buffer holds 6");
}

TEST_CASE("conv + relu on values computed by hand", "[kernels][cnn]") {
  // One 3×3 image, one 2×2 filter, stride 1, no padding (the direct path):
  //   x = 1 2 3    W = 1  0    b = −4
  //       4 5 6        0 −1
  //       7 8 9
  // y[i][j] = x[i][j] − x[i+1][j+1] + b = −4 + b: −8 everywhere with b = −4,
  // 1 with b = 5.
  const std::vector<float> x = {1, 2, 3, 4, 5, 6, 7, 8, 9}, w = {1, 0, 0, -1};
  const ConvGeometry g{1, 3, 3, 1, 2, 1, 0};
  std::vector<float> y(4), a(4), scratch(4 * 4);
  conv2d_activation_forward(x, w, std::vector<float>{-4}, y, a, g, scratch, ActivationKind::relu,
                            0.0f);
  CHECK(y == std::vector<float>{-8, -8, -8, -8});
  CHECK(a == std::vector<float>{0, 0, 0, 0});
  conv2d_activation_forward(x, w, std::vector<float>{5}, y, a, g, scratch,
                            ActivationKind::leaky_relu, 0.5f);
  CHECK(a == std::vector<float>{1, 1, 1, 1});
  conv2d_activation_forward(x, w, std::vector<float>{-4}, y, a, g, scratch,
                            ActivationKind::leaky_relu, 0.5f);
  CHECK(a == std::vector<float>{-4, -4, -4, -4});
  CHECK_THROWS_WITH(conv2d_activation_forward(x, w, std::vector<float>{0}, y, a, g, scratch,
                                              ActivationKind::tanh, 0.0f),
                    "conv2d + activation: cannot fuse tanh; only relu and leaky_relu");
}

TEST_CASE("fused conv + activation equals conv then the activation, bit for bit",
          "[kernels][cnn]") {
  // Stride 1 unpadded (the direct path, with output rows wider and narrower
  // than a tile, and a patch longer than one K block) and padded or strided
  // (im2col + the packed GEMM).
  const ConvGeometry geometries[] = {{1, 28, 28, 8, 5, 1, 0},  {8, 12, 12, 16, 5, 1, 0},
                                     {3, 7, 5, 5, 3, 1, 0},    {12, 9, 9, 6, 5, 1, 0},
                                     {1, 28, 28, 12, 5, 1, 2}, {2, 9, 11, 3, 3, 2, 1},
                                     {3, 6, 6, 17, 3, 3, 2}};
  Rng rng(9);
  for (const ConvGeometry& g : geometries) {
    for (const ActivationKind kind : {ActivationKind::relu, ActivationKind::leaky_relu}) {
      std::vector<float> x(g.channels * g.height * g.width), w(g.filters * g.patch_size()),
          b(g.filters);
      for (float& v : x) v = rng.uniform() < 0.4 ? 0.0f : rng.uniform(-1.0f, 1.0f);
      for (float& v : w) v = rng.uniform(-1.0f, 1.0f);
      for (float& v : b) v = rng.uniform(-0.5f, 0.5f);
      const std::size_t n = g.filters * g.out_pixels();
      std::vector<float> y(n), a(n), y_ref(n), a_ref(n), y_naive(n), a_naive(n),
          scratch(g.patch_size() * g.out_pixels());
      conv2d_activation_forward(x, w, b, y, a, g, scratch, kind, 0.05f);
      conv2d_forward(x, w, b, y_ref, g, scratch);
      activation_forward(kind, 0.05f, y_ref, a_ref);
      conv2d_activation_forward_naive(x, w, b, y_naive, a_naive, g, kind, 0.05f);
      INFO("C " << g.channels << " H " << g.height << " W " << g.width << " F " << g.filters
                << " k " << g.kernel << " stride " << g.stride << " padding " << g.padding << " "
                << activation_name(kind));
      CHECK(same_bits(y, y_ref));
      CHECK(same_bits(a, a_ref));
      float worst = 0.0f;
      for (std::size_t i = 0; i < n; ++i) worst = std::max(worst, std::abs(a[i] - a_naive[i]));
      CHECK(worst < 1e-4f);
    }
  }
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
    INFO(activation);
    check_forward_layer_by_layer(model, x, batch);
  }
}

TEST_CASE("the model's forward pass fuses conv + relu with the same bits as layer by layer",
          "[kernels][cnn]") {
  Model model(Architecture::from_json(R"({"input": [1, 12, 12], "layers": [
      {"type": "conv2d", "filters": 4, "kernel": 3}, {"type": "relu"},
      {"type": "conv2d", "filters": 5, "kernel": 3, "stride": 2, "padding": 1},
      {"type": "leaky_relu", "alpha": 0.1}, {"type": "maxpool2d", "size": 2},
      {"type": "flatten"}, {"type": "dense", "units": 3}]})"),
              8);
  Rng rng(4);
  const std::size_t batch = 3;
  std::vector<float> x(batch * 144);
  for (float& v : x) v = rng.uniform(-1.0f, 1.0f);
  check_forward_layer_by_layer(model, x, batch);
}
