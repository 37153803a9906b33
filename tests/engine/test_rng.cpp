// Our own RNG: reproducible everywhere, so a seed names the same weights in
// the native build and in wasm. The golden values below were produced by this
// code; the same test runs in both builds, so both must reproduce them bit
// for bit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numeric>

#include "glassbox/core/rng.hpp"
#include "glassbox/layers/init.hpp"
#include "glassbox/model/model.hpp"

using namespace glassbox;

TEST_CASE("the same seed gives the same initial weights in every build", "[rng]") {
  const auto he =
      Architecture::from_sizes("784-128-64-10", "relu", LossKind::softmax_cross_entropy);
  const auto xavier = Architecture::from_sizes("2-4-1", "sigmoid", LossKind::mse);
  const Model a(he, 42), b(he, 42), c(he, 43), x(xavier, 42);
  CHECK(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
  CHECK_FALSE(std::equal(a.parameters().begin(), a.parameters().end(), c.parameters().begin()));
  const std::vector<float> he_first(a.parameters().begin(), a.parameters().begin() + 4);
  const std::vector<float> xavier_first(x.parameters().begin(), x.parameters().begin() + 4);
  CHECK(he_first ==
        std::vector<float>{-0x1.f5e922p-7f, 0x1.1601bap-4f, 0x1.3d5236p-6f, 0x1.83ad18p-5f});
  CHECK(xavier_first ==
        std::vector<float>{-0x1.aa1fd4p-1f, -0x1.efb268p-3f, 0x1.70ba9ap-2f, 0x1.b2e2b6p-1f});
}

TEST_CASE("every initializer draws the same first weights in every build", "[rng][init]") {
  // Fan-in 784, fan-out 128, Rng(42). Golden values from this code; the test
  // runs natively and in wasm.
  const std::vector<std::pair<std::string, std::vector<float>>> golden = {
      {"zeros", {0x0p+0f, 0x0p+0f, 0x0p+0f}},
      {"uniform", {-0x1.54e642p-5f, -0x1.8c8ebap-7f, 0x1.26fbaep-6f}},
      {"normal", {-0x1.f0ddcp-7f, 0x1.13367p-4f, 0x1.3a21c4p-6f}},
      {"xavier_uniform", {-0x1.148186p-4f, -0x1.41a68ep-6f, 0x1.de869cp-6f}},
      {"xavier_normal", {-0x1.d15b9cp-7f, 0x1.01c2ap-4f, 0x1.263624p-6f}},
      {"he_uniform", {-0x1.2a3992p-4f, -0x1.5aea62p-6f, 0x1.020e74p-5f}},
      {"he_normal", {-0x1.f5e922p-7f, 0x1.1601bap-4f, 0x1.3d5236p-6f}},
      {"lecun", {-0x1.62e788p-7f, 0x1.892932p-5f, 0x1.c0c286p-7f}},
  };
  for (const auto& [name, expected] : golden) {
    std::vector<float> w(784 * 128);
    Rng rng(42);
    initialize_weights(parse_init(name), w, 784, 128, rng);
    INFO(name);
    CHECK(std::vector<float>(w.begin(), w.begin() + 3) == expected);
  }
}

TEST_CASE("initializers have the spread their formulas give", "[init]") {
  const auto stddev = [](const std::string& name) {
    std::vector<float> w(400 * 100);
    Rng rng(1);
    initialize_weights(parse_init(name), w, 400, 100, rng);
    double sum_sq = 0.0;
    for (float v : w) sum_sq += double{v} * v;
    return std::sqrt(sum_sq / static_cast<double>(w.size()));
  };
  CHECK(std::abs(stddev("he_normal") - std::sqrt(2.0 / 400)) < 0.002);
  CHECK(std::abs(stddev("he_uniform") - std::sqrt(2.0 / 400)) < 0.002);  // U(±a): σ = a/√3
  CHECK(std::abs(stddev("xavier_normal") - std::sqrt(2.0 / 500)) < 0.002);
  CHECK(std::abs(stddev("xavier_uniform") - std::sqrt(2.0 / 500)) < 0.002);
  CHECK(std::abs(stddev("lecun") - std::sqrt(1.0 / 400)) < 0.002);
  CHECK(std::abs(stddev("normal") - 0.05) < 0.002);
  CHECK(std::abs(stddev("uniform") - 0.05 / std::sqrt(3.0)) < 0.002);
  CHECK(stddev("zeros") == 0.0);
}

TEST_CASE("normal samples have mean 0 and variance 1", "[rng]") {
  Rng rng(7);
  const int n = 200000;
  double sum = 0.0, sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double z = rng.normal();
    sum += z, sum_sq += z * z;
  }
  const double mean = sum / n, variance = sum_sq / n - mean * mean;
  CHECK(std::abs(mean) < 0.01);  // standard error 1/√n ≈ 0.0022
  CHECK(std::abs(variance - 1.0) < 0.02);
}

TEST_CASE("uniform integers stay in range and a shuffle is a permutation", "[rng]") {
  Rng rng(8);
  std::vector<int> counts(6, 0);
  for (int i = 0; i < 60000; ++i) ++counts.at(rng.below(6));
  for (int c : counts) CHECK(std::abs(c - 10000) < 500);
  std::vector<std::uint32_t> values(100);
  std::iota(values.begin(), values.end(), 0u);
  rng.shuffle(values);
  CHECK_FALSE(std::is_sorted(values.begin(), values.end()));
  std::sort(values.begin(), values.end());
  for (std::uint32_t i = 0; i < 100; ++i) CHECK(values[i] == i);
}
