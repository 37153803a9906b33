#pragma once
// Loss functions over a batch. Each returns the mean loss and writes the
// gradient of that mean with respect to the network's outputs.
#include <cstddef>
#include <span>
#include <string>

namespace glassbox {

enum class LossKind { softmax_cross_entropy, mse };

std::string loss_name(LossKind kind);
// Accepts "softmax_cross_entropy" (alias "cross_entropy") and "mse".
LossKind parse_loss(const std::string& name);

// Softmax + cross-entropy, fused for stability.
// z: (N, K) logits, t: (N, K) target distribution (rows sum to 1, e.g. one-hot).
// L = (1/N) Σ_i −Σ_k t_ik log p_ik,  with log p = z − max − log Σ e^(z − max).
// dz = (p − t) / N.
float softmax_cross_entropy(std::span<const float> z, std::span<const float> t, std::span<float> dz,
                            std::size_t rows, std::size_t cols);

// Mean squared error over every element: L = (1/(N·K)) Σ (y − t)²;  dy = 2 (y − t) / (N·K).
float mean_squared_error(std::span<const float> y, std::span<const float> t, std::span<float> dy);

}  // namespace glassbox
