#pragma once
// What the Attention page draws of an embedding table (V, D): the table
// itself when D ≤ 3, its principal components when D > 3, and each token's
// nearest neighbours by cosine similarity.
//
// PCA: centre the rows (x_i − μ), form the covariance C = Σ_i (x_i − μ)(x_i − μ)ᵀ / V
// (D, D), diagonalise it with cyclic Jacobi rotations (in double), sort the
// eigenvectors by eigenvalue, and project: point_i[c] = (x_i − μ) · u_c.
// Each axis u_c is signed so that its largest-magnitude entry is positive,
// which keeps the map from flipping between two trainings steps.
#include <cstddef>
#include <span>
#include <vector>

namespace glassbox {

struct Projection {
  std::size_t rows = 0, components = 0, features = 0;
  std::vector<float> points;     // (rows, components)
  std::vector<float> axes;       // (components, features): u_c
  std::vector<float> variances;  // (components): eigenvalues λ_c
  std::vector<float> explained;  // (components): λ_c / Σ all eigenvalues (0 when the total is 0)
};

// The first `components` principal components of `table` (rows, features).
// Throws Error for an empty table, a size mismatch, a non-finite value, more
// components than features, or features past 1024.
Projection principal_components(std::span<const float> table, std::size_t rows,
                                std::size_t features, std::size_t components);

struct Neighbour {
  std::size_t index = 0;
  float similarity = 0.0f;  // cos θ = a·b / (‖a‖ ‖b‖); 0 when a norm is 0
};

// The k rows most similar to row `index` by cosine similarity, most similar
// first (ties: the lower index first), `index` itself left out.
std::vector<Neighbour> nearest_by_cosine(std::span<const float> table, std::size_t rows,
                                         std::size_t features, std::size_t index, std::size_t k);

}  // namespace glassbox
