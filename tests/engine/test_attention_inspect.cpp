// The Attention page's inspection math: PCA of an embedding table against a
// power-iteration reference and a hand case, cosine neighbours by hand, one
// query's step-through against the attention kernels, aligned mass by hand,
// and a token model's trace with the sparse loss against central differences.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/inspect/attention_step.hpp"
#include "glassbox/inspect/embedding_map.hpp"
#include "glassbox/inspect/trace.hpp"
#include "glassbox/kernels/attention.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/token_runs.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

namespace {

std::vector<float> random_values(std::size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

// The naive reference: the covariance's leading eigenvectors by power
// iteration with deflation, each signed so its largest entry is positive.
std::vector<std::vector<double>> power_axes(const std::vector<float>& x, std::size_t rows,
                                            std::size_t n, std::size_t k) {
  std::vector<double> mean(n, 0.0), cov(n * n, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t f = 0; f < n; ++f) mean[f] += x[i * n + f] / double(rows);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t a = 0; a < n; ++a)
      for (std::size_t b = 0; b < n; ++b)
        cov[a * n + b] += (x[i * n + a] - mean[a]) * (x[i * n + b] - mean[b]) / double(rows);
  std::vector<std::vector<double>> axes;
  for (std::size_t c = 0; c < k; ++c) {
    std::vector<double> u(n, 1.0);
    for (std::size_t f = 0; f < n; ++f) u[f] += 0.1 * double(f);
    double lambda = 0.0;
    for (int it = 0; it < 5000; ++it) {
      std::vector<double> w(n, 0.0);
      for (std::size_t a = 0; a < n; ++a)
        for (std::size_t b = 0; b < n; ++b) w[a] += cov[a * n + b] * u[b];
      double norm = 0.0;
      for (const double z : w) norm += z * z;
      norm = std::sqrt(norm);
      lambda = norm;
      for (std::size_t f = 0; f < n; ++f) u[f] = w[f] / norm;
    }
    std::size_t largest = 0;
    for (std::size_t f = 1; f < n; ++f)
      if (std::abs(u[f]) > std::abs(u[largest])) largest = f;
    if (u[largest] < 0)
      for (double& z : u) z = -z;
    for (std::size_t a = 0; a < n; ++a)  // deflate: C ← C − λ u uᵀ
      for (std::size_t b = 0; b < n; ++b) cov[a * n + b] -= lambda * u[a] * u[b];
    axes.push_back(u);
  }
  return axes;
}

}  // namespace

TEST_CASE("PCA of points on a line, by hand", "[embedding_map]") {
  // (−1,−1), (0,0), (1,1): μ = 0, C = [[2/3, 2/3], [2/3, 2/3]], λ = (4/3, 0),
  // u₁ = (1, 1)/√2, so the points project to −√2, 0, √2, and u₁ explains all.
  const std::vector<float> x = {-1, -1, 0, 0, 1, 1};
  const Projection p = principal_components(x, 3, 2, 2);
  CHECK_THAT(p.axes[0], WithinAbs(1 / std::sqrt(2.0), 1e-6));
  CHECK_THAT(p.axes[1], WithinAbs(1 / std::sqrt(2.0), 1e-6));
  CHECK_THAT(p.variances[0], WithinAbs(4.0 / 3.0, 1e-6));
  CHECK_THAT(p.variances[1], WithinAbs(0.0, 1e-6));
  CHECK_THAT(p.explained[0], WithinAbs(1.0, 1e-6));
  CHECK_THAT(p.points[0], WithinAbs(-std::sqrt(2.0), 1e-6));
  CHECK_THAT(p.points[2], WithinAbs(0.0, 1e-6));
  CHECK_THAT(p.points[4], WithinAbs(std::sqrt(2.0), 1e-6));
}

TEST_CASE("PCA of a 13 × 32 table equals power iteration", "[embedding_map]") {
  const std::size_t rows = 13, n = 32, k = 3;
  Rng rng(7);
  auto x = random_values(rows * n, rng);
  // Give it a clear spread along three directions so the eigenvalues differ.
  for (std::size_t i = 0; i < rows; ++i) {
    x[i * n + 0] *= 4.0f;
    x[i * n + 5] *= 3.0f;
    x[i * n + 9] *= 2.0f;
  }
  const Projection p = principal_components(x, rows, n, k);
  const auto axes = power_axes(x, rows, n, k);
  for (std::size_t c = 0; c < k; ++c)
    for (std::size_t f = 0; f < n; ++f) CHECK_THAT(p.axes[c * n + f], WithinAbs(axes[c][f], 1e-4));
  // The points are the centred rows times the axes.
  std::vector<double> mean(n, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t f = 0; f < n; ++f) mean[f] += x[i * n + f] / double(rows);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t c = 0; c < k; ++c) {
      double dot = 0.0;
      for (std::size_t f = 0; f < n; ++f) dot += (x[i * n + f] - mean[f]) * axes[c][f];
      CHECK_THAT(p.points[i * k + c], WithinAbs(dot, 1e-4));
    }
  CHECK(p.variances[0] >= p.variances[1]);
  CHECK(p.variances[1] >= p.variances[2]);
  // The negative case: the second axis is not the first.
  CHECK_FALSE(std::abs(p.axes[n + 0] - axes[0][0]) < 1e-4);
}

TEST_CASE("PCA refuses bad tables with clear messages", "[embedding_map]") {
  const std::vector<float> x = {1, 2, 3, 4, 5, 6};
  CHECK_THROWS_WITH(principal_components(x, 4, 2, 1), "the table has 6 values; 4 × 2 needs 8");
  CHECK_THROWS_WITH(principal_components(x, 3, 2, 3),
                    "a projection needs 1 to 2 components (the columns), got 3");
  const std::vector<float> bad = {1, NAN};
  CHECK_THROWS_WITH(principal_components(bad, 1, 2, 1), "the table holds a NaN or infinite value");
}

TEST_CASE("nearest neighbours by cosine similarity, by hand", "[embedding_map]") {
  // Rows: a = (1, 0), b = (2, 0.1), c = (0, 1), d = (−1, 0).
  // cos(a, b) = 2 / √4.01 = 0.99875234, cos(a, c) = 0, cos(a, d) = −1.
  const std::vector<float> x = {1, 0, 2, 0.1f, 0, 1, -1, 0};
  const auto n = nearest_by_cosine(x, 4, 2, 0, 3);
  REQUIRE(n.size() == 3);
  CHECK(n[0].index == 1);
  CHECK_THAT(n[0].similarity, WithinAbs(2.0 / std::sqrt(4.01), 1e-6));
  CHECK(n[1].index == 2);
  CHECK_THAT(n[1].similarity, WithinAbs(0.0, 1e-7));
  CHECK(n[2].index == 3);
  CHECK_THAT(n[2].similarity, WithinAbs(-1.0, 1e-7));
  CHECK(nearest_by_cosine(x, 4, 2, 0, 1).size() == 1);
  CHECK_THROWS_WITH(nearest_by_cosine(x, 4, 2, 4, 1),
                    "token 4 is not in the table; it has 4 rows (0 to 3)");
}

TEST_CASE("one query step by step equals the attention kernel, gradient included",
          "[attention_step]") {
  const std::size_t T = 5, heads = 2, d = 3, E = heads * d, D = 4;
  for (const bool causal : {false, true}) {
    Rng rng(causal ? 3 : 4);
    const auto q = random_values(T * E, rng), k = random_values(T * E, rng),
               v = random_values(T * E, rng);
    const auto dy = random_values(D, rng), w_out = random_values(E * D, rng);
    const AttentionSize size{
        .batch = 1, .tokens = T, .heads = heads, .head_size = d, .causal = causal};
    std::vector<float> p(heads * T * T), c(T * E);
    attention_forward_naive(q, k, v, p, c, size);
    for (std::size_t h = 0; h < heads; ++h)
      for (std::size_t t = 0; t < T; ++t) {
        const QueryStep s = explain_query(q, k, v,
                                          {.tokens = T,
                                           .heads = heads,
                                           .head_size = d,
                                           .head = h,
                                           .position = t,
                                           .causal = causal},
                                          dy, w_out);
        for (std::size_t j = 0; j < T; ++j) {
          CHECK_THAT(s.probabilities[j], WithinAbs(p[(h * T + t) * T + j], 1e-6));
          CHECK(s.masked[j] == (causal && j > t ? 1 : 0));
          if (!s.masked[j]) CHECK_THAT(s.scores[j], WithinAbs(s.dots[j] / std::sqrt(3.0), 1e-6));
        }
        for (std::size_t i = 0; i < d; ++i)
          CHECK_THAT(s.context[i], WithinAbs(c[t * E + h * d + i], 1e-6));
        // dC for row t only; the kernel's dK_j = dS_j · q_t / √d then isolates dS_j.
        std::vector<float> dc(T * E, 0.0f), dq(T * E), dk(T * E), dv(T * E);
        for (std::size_t i = 0; i < d; ++i) {
          double g = 0.0;
          for (std::size_t f = 0; f < D; ++f) g += double{w_out[(h * d + i) * D + f]} * dy[f];
          CHECK_THAT(s.context_gradient[i], WithinAbs(g, 1e-6));
          dc[t * E + h * d + i] = static_cast<float>(g);
        }
        attention_backward_naive(q, k, v, p, dc, dq, dk, dv, size);
        for (std::size_t j = 0; j < T; ++j)
          for (std::size_t i = 0; i < d; ++i)
            CHECK_THAT(dk[j * E + h * d + i],
                       WithinAbs(s.score_gradient[j] * s.query[i] * s.scale, 1e-5));
      }
  }
}

TEST_CASE("one query on 2 tokens, 1 head, by hand", "[attention_step]") {
  // q0 = k0 = v0 = (1, 0), q1 = k1 = v1 = (1, 1), d = 2, query 1:
  // q·k = (1, 2), ÷√2 = (0.7071068, 1.4142136), softmax = (0.3302385, 0.6697615),
  // c = 0.3302385·(1, 0) + 0.6697615·(1, 1) = (1, 0.6697615).
  // With ∂L/∂c = (0, 1) (W_out = I, ∂L/∂y = (0, 1)): ∂L/∂p = (0, 1),
  // Σ p ∂L/∂p = 0.6697615, ∂L/∂s = (0.3302385·(0 − 0.6697615), 0.6697615·(1 − 0.6697615))
  //                                 = (−0.2211809, 0.2211809).
  const std::vector<float> x = {1, 0, 1, 1}, identity = {1, 0, 0, 1}, dy = {0, 1};
  const QueryStep s = explain_query(
      x, x, x, {.tokens = 2, .heads = 1, .head_size = 2, .position = 1}, dy, identity);
  CHECK_THAT(s.dots[0], WithinAbs(1.0, 1e-7));
  CHECK_THAT(s.dots[1], WithinAbs(2.0, 1e-7));
  CHECK_THAT(s.scores[1], WithinAbs(1.4142136, 1e-6));
  CHECK_THAT(s.probabilities[0], WithinAbs(0.3302385, 1e-6));
  CHECK_THAT(s.context[1], WithinAbs(0.6697615, 1e-6));
  CHECK_THAT(s.score_gradient[0], WithinAbs(-0.2211809, 1e-6));
  CHECK_THAT(s.score_gradient[1], WithinAbs(0.2211809, 1e-6));
  CHECK_THROWS_WITH(explain_query(x, x, x, {.tokens = 2, .heads = 1, .head_size = 2, .head = 1}),
                    "head 1 does not exist; the layer has 1 (0 to 0)");
}

TEST_CASE("aligned attention mass, by hand", "[attention_step]") {
  // 1 head, T = 2, reversal: query 0 must read key 1, query 1 key 0.
  // P = [[0.2, 0.8], [0.6, 0.4]] → mass = (0.8 + 0.6) / 2 = 0.7.
  const std::vector<float> p = {0.2f, 0.8f, 0.6f, 0.4f};
  const std::vector<std::uint8_t> anti = {0, 1, 1, 0}, only_first = {0, 1, 0, 0};
  CHECK_THAT(aligned_attention_mass(p, anti, 1, 2)[0], WithinAbs(0.7, 1e-7));
  // A query without an aligned key is left out of the mean.
  CHECK_THAT(aligned_attention_mass(p, only_first, 1, 2)[0], WithinAbs(0.8, 1e-7));
  CHECK_THROWS_WITH(aligned_attention_mass(p, anti, 2, 2),
                    "the probabilities must hold heads × tokens × tokens = 8 values, got 4");
}

TEST_CASE("a token model's trace uses the sparse loss: its gradient matches central differences",
          "[attention_step][trace]") {
  const TokenTaskInfo& info = find_token_task("reverse");
  TokenModelOptions options = token_task_defaults("reverse").model;
  options.dimension = 4;
  Model model(token_architecture(info, options), 3);
  const TokenTask task = make_token_task("reverse", 2, 1, 1);
  const std::size_t T = info.tokens;
  std::vector<float> x(T);
  for (std::size_t t = 0; t < T; ++t) x[t] = static_cast<float>(task.train.data.tokens[t]);
  std::vector<std::int32_t> ids(task.train.data.labels.begin(), task.train.data.labels.begin() + T);
  ids[0] = -1;  // an ignored position adds nothing
  const auto loss = [&] {
    const auto out = model.forward(x, 1);
    std::vector<float> d(out.size());
    return double{sparse_softmax_cross_entropy(out, ids, d, T, info.vocabulary)};
  };
  const Trace trace = trace_sample_ids(model, x, ids, Sgd(0.1f));
  CHECK_THAT(trace.loss, WithinAbs(loss(), 1e-6));
  CHECK(trace.target[0] == -1.0f);
  auto params = model.parameters();
  std::size_t checked = 0;
  for (std::size_t k = 0; k < params.size(); k += 7, ++checked) {
    const float saved = params[k];
    params[k] = saved + 1e-2f;
    const double up = loss();
    params[k] = saved - 1e-2f;
    const double down = loss();
    params[k] = saved;
    CHECK_THAT(trace.gradients[k], WithinAbs((up - down) / 2e-2, 2e-3));
  }
  CHECK(checked > 20);
  CHECK_THROWS_WITH(
      trace_sample_ids(model, x, std::vector<std::int32_t>(T + 1, 0), Sgd(0.1f)),
      "target has 7 class ids; the model's 48 outputs do not split into that many rows");
}
