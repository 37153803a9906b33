#pragma once
// Loss functions over a batch. Each returns the mean loss and writes the
// gradient of that mean with respect to the network's outputs.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

enum class LossKind { softmax_cross_entropy, binary_cross_entropy, mse, huber };

std::string loss_name(LossKind kind);
// "softmax_cross_entropy" (alias "cross_entropy"), "binary_cross_entropy"
// (alias "bce"), "mse", "huber".
LossKind parse_loss(const std::string& name);
// Every kind, by its canonical name.
std::vector<std::string> loss_names();

// Softmax + cross-entropy, fused for stability.
// z: (N, K) logits, t: (N, K) target distribution (rows sum to 1, e.g. one-hot).
// L = (1/N) Σ_i −Σ_k t_ik log p_ik,  with log p = z − max − log Σ e^(z − max).
// dz = (p − t) / N.
float softmax_cross_entropy(std::span<const float> z, std::span<const float> t, std::span<float> dz,
                            std::size_t rows, std::size_t cols);

// Sparse softmax cross-entropy: targets are class ids, not distributions.
// logits: (R, V) row-major, ids: (R) int32 class ids with −1 = ignore this row.
// L = mean over the counted rows r of −log softmax(logits_r)[ids_r];
// dlogits_r = (softmax(logits_r) − onehot(ids_r)) / count, and 0 for ignored rows.
// If every row is ignored, L = 0 and dlogits = 0. An id outside [−1, V) throws
// Error naming the row, the id and the allowed range (nothing is written then).
float sparse_softmax_cross_entropy(std::span<const float> logits, std::span<const std::int32_t> ids,
                                   std::span<float> dlogits, std::size_t rows, std::size_t classes);

// Binary cross-entropy on logits, every element an independent yes/no:
// L = mean over all M = N·K elements of −[t log σ(z) + (1 − t) log(1 − σ(z))]
//   = mean of max(z, 0) − z t + log(1 + e^(−|z|))     (never overflows)
// dz = (σ(z) − t) / M.
float binary_cross_entropy(std::span<const float> z, std::span<const float> t, std::span<float> dz);

// Mean squared error over every element: L = (1/M) Σ (y − t)²;  dy = 2 (y − t) / M.
float mean_squared_error(std::span<const float> y, std::span<const float> t, std::span<float> dy);

// Huber loss with δ = 1, r = y − t: ½r² where |r| ≤ δ, δ(|r| − ½δ) beyond;
// L = mean over M elements;  dy = clamp(r, −δ, δ) / M.
float huber_loss(std::span<const float> y, std::span<const float> t, std::span<float> dy,
                 float delta = 1.0f);

// Dispatches on `kind`; outputs and targets are (rows, cols).
float compute_loss(LossKind kind, std::span<const float> outputs, std::span<const float> targets,
                   std::span<float> doutputs, std::size_t rows, std::size_t cols);

}  // namespace glassbox
