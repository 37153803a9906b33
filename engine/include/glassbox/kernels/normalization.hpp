#pragma once
// Normalization kernels, forward beside backward.
#include <cstddef>
#include <span>

namespace glassbox {

// Batch normalization (Ioffe & Szegedy 2015) over x: (N, C, S), per channel c,
// across the N·S values of that channel (S = H·W for images, 1 for features).
//   training: μ_c, σ²_c of the batch;  x̂ = (x − μ) / √(σ² + ε);  y = γ x̂ + β
//             running ← (1 − m) running + m · batch   (variance unbiased)
//   eval:     the running μ, σ² instead of the batch's
// Backward (training), with M = N·S:
//   dβ = Σ dy,  dγ = Σ dy x̂,  dx = γ / √(σ² + ε) · (dy − dβ/M − x̂ · dγ/M)
struct BatchNormShape {
  std::size_t batch, channels, spatial;
};
// mean, inv_std: (C) outputs of the batch statistics used, for backward.
void batch_norm_forward_train(std::span<const float> x, std::span<const float> gamma,
                              std::span<const float> beta, std::span<float> y,
                              std::span<float> mean, std::span<float> inv_std,
                              std::span<float> running_mean, std::span<float> running_var,
                              BatchNormShape s, float momentum, float epsilon);
void batch_norm_forward_eval(std::span<const float> x, std::span<const float> gamma,
                             std::span<const float> beta, std::span<const float> running_mean,
                             std::span<const float> running_var, std::span<float> y,
                             BatchNormShape s, float epsilon);
// Training-mode backward; accumulates into dgamma, dbeta; overwrites dx (if not empty).
void batch_norm_backward_train(std::span<const float> x, std::span<const float> gamma,
                               std::span<const float> mean, std::span<const float> inv_std,
                               std::span<const float> dy, std::span<float> dgamma,
                               std::span<float> dbeta, std::span<float> dx, BatchNormShape s);
// Eval-mode backward: the statistics are constants, so dx = dy γ / √(σ²_run + ε).
void batch_norm_backward_eval(std::span<const float> x, std::span<const float> gamma,
                              std::span<const float> running_mean,
                              std::span<const float> running_var, std::span<const float> dy,
                              std::span<float> dgamma, std::span<float> dbeta, std::span<float> dx,
                              BatchNormShape s, float epsilon);

// Layer normalization (Ba et al. 2016) over each sample's D features:
//   μ, σ² of the sample;  x̂ = (x − μ) / √(σ² + ε);  y = γ ⊙ x̂ + β   (γ, β: (D))
// Backward, with g = dy ⊙ γ:
//   dβ += Σ_n dy,  dγ += Σ_n dy ⊙ x̂,  dx = (g − mean(g) − x̂ · mean(g ⊙ x̂)) / √(σ² + ε)
void layer_norm_forward(std::span<const float> x, std::span<const float> gamma,
                        std::span<const float> beta, std::span<float> y, std::size_t batch,
                        std::size_t features, float epsilon);
void layer_norm_backward(std::span<const float> x, std::span<const float> gamma,
                         std::span<const float> dy, std::span<float> dgamma, std::span<float> dbeta,
                         std::span<float> dx, std::size_t batch, std::size_t features,
                         float epsilon);

}  // namespace glassbox
