#include "glassbox/inspect/embedding_map.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <string>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

constexpr std::size_t max_features = 1024;

void check_table(std::span<const float> table, std::size_t rows, std::size_t features) {
  require(rows >= 1 && features >= 1, "an embedding table needs at least 1 row and 1 column");
  require(features <= max_features, "an embedding table may have at most " +
                                        std::to_string(max_features) + " columns, got " +
                                        std::to_string(features));
  require(rows <= table.size() / features && rows * features == table.size(),
          "the table has " + std::to_string(table.size()) + " values; " + std::to_string(rows) +
              " × " + std::to_string(features) + " needs " + std::to_string(rows * features));
  for (const float x : table) require(std::isfinite(x), "the table holds a NaN or infinite value");
}

// Cyclic Jacobi: rotates the symmetric `a` (n, n) to diagonal; the columns of
// `vectors` collect the rotations (the eigenvectors).
void jacobi_eigen(std::vector<double>& a, std::vector<double>& vectors, std::size_t n) {
  vectors.assign(n * n, 0.0);
  for (std::size_t i = 0; i < n; ++i) vectors[i * n + i] = 1.0;
  for (int sweep = 0; sweep < 100; ++sweep) {
    double off = 0.0, total = 0.0;
    for (std::size_t i = 0; i < n; ++i)
      for (std::size_t j = 0; j < n; ++j) {
        total += a[i * n + j] * a[i * n + j];
        if (i != j) off += a[i * n + j] * a[i * n + j];
      }
    if (off <= 1e-30 * std::max(total, 1e-300)) return;
    for (std::size_t p = 0; p + 1 < n; ++p)
      for (std::size_t q = p + 1; q < n; ++q) {
        const double apq = a[p * n + q];
        if (std::abs(apq) < 1e-300) continue;
        // The rotation angle that zeroes a[p][q] (Golub & Van Loan 8.5.2).
        const double theta = (a[q * n + q] - a[p * n + p]) / (2.0 * apq);
        const double t =
            (theta >= 0 ? 1.0 : -1.0) / (std::abs(theta) + std::sqrt(theta * theta + 1.0));
        const double c = 1.0 / std::sqrt(t * t + 1.0), s = t * c;
        for (std::size_t k = 0; k < n; ++k) {  // A ← A·J
          const double akp = a[k * n + p], akq = a[k * n + q];
          a[k * n + p] = c * akp - s * akq;
          a[k * n + q] = s * akp + c * akq;
        }
        for (std::size_t k = 0; k < n; ++k) {  // A ← Jᵀ·A
          const double apk = a[p * n + k], aqk = a[q * n + k];
          a[p * n + k] = c * apk - s * aqk;
          a[q * n + k] = s * apk + c * aqk;
        }
        for (std::size_t k = 0; k < n; ++k) {  // V ← V·J
          const double vkp = vectors[k * n + p], vkq = vectors[k * n + q];
          vectors[k * n + p] = c * vkp - s * vkq;
          vectors[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
}

}  // namespace

Projection principal_components(std::span<const float> table, std::size_t rows,
                                std::size_t features, std::size_t components) {
  check_table(table, rows, features);
  require(components >= 1 && components <= features,
          "a projection needs 1 to " + std::to_string(features) +
              " components (the columns), got " + std::to_string(components));
  const std::size_t n = features;
  std::vector<double> mean(n, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t f = 0; f < n; ++f) mean[f] += table[i * n + f];
  for (double& m : mean) m /= static_cast<double>(rows);
  // C = Σ_i (x_i − μ)(x_i − μ)ᵀ / V
  std::vector<double> cov(n * n, 0.0);
  for (std::size_t i = 0; i < rows; ++i)
    for (std::size_t a = 0; a < n; ++a) {
      const double xa = table[i * n + a] - mean[a];
      for (std::size_t b = 0; b < n; ++b) cov[a * n + b] += xa * (table[i * n + b] - mean[b]);
    }
  for (double& c : cov) c /= static_cast<double>(rows);
  std::vector<double> vectors;
  jacobi_eigen(cov, vectors, n);
  std::vector<std::size_t> order(n);
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t x, std::size_t y) { return cov[x * n + x] > cov[y * n + y]; });
  double total = 0.0;
  for (std::size_t f = 0; f < n; ++f) total += std::max(0.0, cov[f * n + f]);

  Projection out;
  out.rows = rows, out.components = components, out.features = n;
  out.axes.resize(components * n);
  out.variances.resize(components);
  out.explained.resize(components);
  out.points.assign(rows * components, 0.0f);
  for (std::size_t c = 0; c < components; ++c) {
    const std::size_t e = order[c];
    std::size_t largest = 0;
    for (std::size_t f = 1; f < n; ++f)
      if (std::abs(vectors[f * n + e]) > std::abs(vectors[largest * n + e]) + 1e-12) largest = f;
    const double sign = vectors[largest * n + e] < 0 ? -1.0 : 1.0;
    const double lambda = std::max(0.0, cov[e * n + e]);
    out.variances[c] = static_cast<float>(lambda);
    out.explained[c] = total > 0 ? static_cast<float>(lambda / total) : 0.0f;
    for (std::size_t f = 0; f < n; ++f)
      out.axes[c * n + f] = static_cast<float>(sign * vectors[f * n + e]);
    for (std::size_t i = 0; i < rows; ++i) {
      double dot = 0.0;
      for (std::size_t f = 0; f < n; ++f)
        dot += (table[i * n + f] - mean[f]) * sign * vectors[f * n + e];
      out.points[i * components + c] = static_cast<float>(dot);
    }
  }
  return out;
}

std::vector<Neighbour> nearest_by_cosine(std::span<const float> table, std::size_t rows,
                                         std::size_t features, std::size_t index, std::size_t k) {
  check_table(table, rows, features);
  require(index < rows, "token " + std::to_string(index) + " is not in the table; it has " +
                            std::to_string(rows) + " rows (0 to " + std::to_string(rows - 1) + ")");
  const auto row = [&](std::size_t i) { return table.subspan(i * features, features); };
  const auto norm = [&](std::size_t i) {
    double s = 0.0;
    for (const float x : row(i)) s += double{x} * x;
    return std::sqrt(s);
  };
  const double own = norm(index);
  std::vector<Neighbour> all;
  for (std::size_t i = 0; i < rows; ++i) {
    if (i == index) continue;
    double dot = 0.0;
    for (std::size_t f = 0; f < features; ++f) dot += double{row(index)[f]} * row(i)[f];
    const double other = norm(i);
    all.push_back({i, own > 0 && other > 0 ? static_cast<float>(dot / (own * other)) : 0.0f});
  }
  std::stable_sort(all.begin(), all.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.similarity > b.similarity;
  });
  if (all.size() > k) all.resize(k);
  return all;
}

}  // namespace glassbox
