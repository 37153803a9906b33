// Sparse softmax cross-entropy: a value by hand, ignored rows, bad ids, and a
// gradient check in double that a wrong derivative fails.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/loss.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

namespace {

// L(z) in double: mean over rows with id ≥ 0 of log Σ_c e^(z_c) − z_id.
double loss_in_double(const std::vector<double>& z, const std::vector<std::int32_t>& ids,
                      std::size_t classes) {
  double total = 0.0;
  std::size_t counted = 0;
  for (std::size_t r = 0; r < ids.size(); ++r) {
    if (ids[r] < 0) continue;
    double max = z[r * classes];
    for (std::size_t c = 0; c < classes; ++c) max = std::max(max, z[r * classes + c]);
    double sum = 0.0;
    for (std::size_t c = 0; c < classes; ++c) sum += std::exp(z[r * classes + c] - max);
    total += max + std::log(sum) - z[r * classes + static_cast<std::size_t>(ids[r])];
    ++counted;
  }
  return counted == 0 ? 0.0 : total / static_cast<double>(counted);
}

// Central differences of loss_in_double, step h, at the float logits.
std::vector<double> numeric_gradient(const std::vector<float>& logits,
                                     const std::vector<std::int32_t>& ids, std::size_t classes) {
  const double h = 1e-5;
  std::vector<double> z(logits.begin(), logits.end()), g(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    const double saved = z[i];
    z[i] = saved + h;
    const double plus = loss_in_double(z, ids, classes);
    z[i] = saved - h;
    const double minus = loss_in_double(z, ids, classes);
    z[i] = saved;
    g[i] = (plus - minus) / (2 * h);
  }
  return g;
}

// Worst relative error |g − n| / max(|n|, 1e-3): a float gradient that is right
// stays near 1e-6; a wrong one (a factor, a sign, a missing term) is ≥ 1e-1.
double worst_relative_error(const std::vector<float>& analytic,
                            const std::vector<double>& numeric) {
  double worst = 0.0;
  for (std::size_t i = 0; i < numeric.size(); ++i) {
    worst =
        std::max(worst, std::abs(analytic[i] - numeric[i]) / std::max(std::abs(numeric[i]), 1e-3));
  }
  return worst;
}
constexpr double kGradientTolerance = 1e-4;

}  // namespace

TEST_CASE("sparse cross-entropy on 2 rows x 3 classes computed by hand", "[kernels][loss]") {
  // Row 0: logits (0, 0, ln 2) → e^z = (1, 1, 2), Σ = 4, p = (1/4, 1/4, 1/2); id 2: −ln ½ = ln 2.
  // Row 1: logits (ln 3, 0, 0) → e^z = (3, 1, 1), Σ = 5, p = (3/5, 1/5, 1/5); id 1: −ln ⅕ = ln 5.
  // L = (ln 2 + ln 5) / 2 = ln 10 / 2 ≈ 1.1512925.
  // dz_0 = (p − onehot(2)) / 2 = (1/8, 1/8, −1/4);  dz_1 = (p − onehot(1)) / 2 = (3/10, −2/5,
  // 1/10).
  const std::vector<float> z = {0.0f, 0.0f, std::log(2.0f), std::log(3.0f), 0.0f, 0.0f};
  const std::vector<std::int32_t> ids = {2, 1};
  std::vector<float> dz(6);
  CHECK_THAT(sparse_softmax_cross_entropy(z, ids, dz, 2, 3), WithinAbs(std::log(10.0) / 2, 1e-6));
  const std::vector<double> want = {0.125, 0.125, -0.25, 0.3, -0.4, 0.1};
  for (std::size_t i = 0; i < 6; ++i) CHECK_THAT(dz[i], WithinAbs(want[i], 1e-6));
}

TEST_CASE("sparse cross-entropy ignores rows with id -1", "[kernels][loss]") {
  // Same two rows plus an ignored one in the middle: the mean is over the 2 counted
  // rows, so L and the counted rows' gradients are unchanged, the ignored row's is 0.
  const std::vector<float> z = {0.0f, 0.0f,           std::log(2.0f), 5.0f, -3.0f,
                                1.0f, std::log(3.0f), 0.0f,           0.0f};
  const std::vector<std::int32_t> ids = {2, -1, 1};
  std::vector<float> dz(9, 7.0f);
  CHECK_THAT(sparse_softmax_cross_entropy(z, ids, dz, 3, 3), WithinAbs(std::log(10.0) / 2, 1e-6));
  const std::vector<double> want = {0.125, 0.125, -0.25, 0, 0, 0, 0.3, -0.4, 0.1};
  for (std::size_t i = 0; i < 9; ++i) CHECK_THAT(dz[i], WithinAbs(want[i], 1e-6));

  // Every row ignored: L = 0 and the gradient is 0 (no division by a count of 0).
  std::vector<float> none(9, 7.0f);
  CHECK(sparse_softmax_cross_entropy(z, std::vector<std::int32_t>{-1, -1, -1}, none, 3, 3) == 0.0f);
  CHECK(none == std::vector<float>(9, 0.0f));
}

TEST_CASE("sparse cross-entropy stays finite for huge logits", "[kernels][loss]") {
  // (1000, 0): p = (1, e⁻¹⁰⁰⁰) without overflow; id 1 costs −log e⁻¹⁰⁰⁰ = 1000.
  const std::vector<float> z = {1000.0f, 0.0f};
  std::vector<float> dz(2);
  CHECK_THAT(sparse_softmax_cross_entropy(z, std::vector<std::int32_t>{1}, dz, 1, 2),
             WithinAbs(1000.0, 1e-3));
  CHECK_THAT(dz[0], WithinAbs(1.0, 1e-7));
  CHECK_THAT(dz[1], WithinAbs(-1.0, 1e-7));
}

TEST_CASE("sparse cross-entropy names the row, the id and the range of a bad id",
          "[kernels][loss]") {
  const std::vector<float> z(6, 0.0f);
  std::vector<float> dz(6, 7.0f);
  CHECK_THROWS_WITH(sparse_softmax_cross_entropy(z, std::vector<std::int32_t>{0, 3}, dz, 2, 3),
                    "sparse cross-entropy: row 1 has class id 3, outside [-1, 3): use a class id "
                    "below 3, or -1 to ignore the row");
  CHECK_THROWS_WITH(sparse_softmax_cross_entropy(z, std::vector<std::int32_t>{-2, 0}, dz, 2, 3),
                    "sparse cross-entropy: row 0 has class id -2, outside [-1, 3): use a class "
                    "id below 3, or -1 to ignore the row");
  CHECK(dz == std::vector<float>(6, 7.0f));  // nothing written before the error
  CHECK_THROWS_AS(sparse_softmax_cross_entropy(z, std::vector<std::int32_t>{0}, dz, 2, 3), Error);
}

TEST_CASE(
    "sparse cross-entropy gradient matches central differences in double, and the check "
    "rejects wrong derivatives",
    "[kernels][loss][gradient]") {
  const std::size_t rows = 5, classes = 4;
  Rng rng(29);
  std::vector<float> z(rows * classes);
  for (float& v : z) v = rng.uniform(-2.0f, 2.0f);
  const std::vector<std::int32_t> ids = {3, -1, 0, 2, -1};  // 3 counted rows
  std::vector<float> dz(rows * classes);
  const float loss = sparse_softmax_cross_entropy(z, ids, dz, rows, classes);
  std::vector<double> zd(z.begin(), z.end());
  CHECK_THAT(loss, WithinAbs(loss_in_double(zd, ids, classes), 1e-6));

  const auto numeric = numeric_gradient(z, ids, classes);
  double largest = 0.0;
  for (double g : numeric) largest = std::max(largest, std::abs(g));
  CHECK(largest > 0.05);  // the check compares something, not zeros
  CHECK(worst_relative_error(dz, numeric) < kGradientTolerance);

  // The same comparison must fail on wrong derivatives.
  // 1. The 1/count factor missing: every entry 3× too large.
  auto no_mean = dz;
  for (float& g : no_mean) g *= 3.0f;
  CHECK_FALSE(worst_relative_error(no_mean, numeric) < kGradientTolerance);
  // 2. Divided by all 5 rows instead of the 3 counted ones.
  auto all_rows = dz;
  for (float& g : all_rows) g *= 3.0f / 5.0f;
  CHECK_FALSE(worst_relative_error(all_rows, numeric) < kGradientTolerance);
  // 3. An ignored row given the softmax gradient of id 0 instead of zeros.
  auto leaks = dz;
  leaks[1 * classes + 0] = -0.01f;
  CHECK_FALSE(worst_relative_error(leaks, numeric) < kGradientTolerance);
  // 4. Off by 1e-3 relative in one entry (a float-level slip, e.g. a wrong constant).
  auto slightly = dz;
  slightly[0] *= 1.001f;
  CHECK_FALSE(worst_relative_error(slightly, numeric) < kGradientTolerance);
}
