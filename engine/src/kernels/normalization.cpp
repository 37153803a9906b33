#include "glassbox/kernels/normalization.hpp"

#include <algorithm>
#include <cmath>

namespace glassbox {
namespace {

// Index of element (n, c, k) in (N, C, S).
std::size_t at(BatchNormShape s, std::size_t n, std::size_t c, std::size_t k) {
  return (n * s.channels + c) * s.spatial + k;
}

}  // namespace

void batch_norm_forward_train(std::span<const float> x, std::span<const float> gamma,
                              std::span<const float> beta, std::span<float> y,
                              std::span<float> mean, std::span<float> inv_std,
                              std::span<float> running_mean, std::span<float> running_var,
                              BatchNormShape s, float momentum, float epsilon) {
  const double m = static_cast<double>(s.batch * s.spatial);
  for (std::size_t c = 0; c < s.channels; ++c) {
    double sum = 0.0, sum_sq = 0.0;
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const double v = x[at(s, n, c, k)];
        sum += v, sum_sq += v * v;
      }
    const double mu = sum / m;
    const double var = std::max(0.0, sum_sq / m - mu * mu);
    mean[c] = static_cast<float>(mu);
    inv_std[c] = static_cast<float>(1.0 / std::sqrt(var + epsilon));
    const double unbiased = m > 1 ? var * m / (m - 1) : var;
    running_mean[c] = static_cast<float>((1.0 - momentum) * running_mean[c] + momentum * mu);
    running_var[c] = static_cast<float>((1.0 - momentum) * running_var[c] + momentum * unbiased);
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const std::size_t i = at(s, n, c, k);
        y[i] = gamma[c] * (x[i] - mean[c]) * inv_std[c] + beta[c];
      }
  }
}

void batch_norm_forward_eval(std::span<const float> x, std::span<const float> gamma,
                             std::span<const float> beta, std::span<const float> running_mean,
                             std::span<const float> running_var, std::span<float> y,
                             BatchNormShape s, float epsilon) {
  for (std::size_t c = 0; c < s.channels; ++c) {
    const float scale = gamma[c] / std::sqrt(running_var[c] + epsilon);
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const std::size_t i = at(s, n, c, k);
        y[i] = scale * (x[i] - running_mean[c]) + beta[c];
      }
  }
}

void batch_norm_backward_train(std::span<const float> x, std::span<const float> gamma,
                               std::span<const float> mean, std::span<const float> inv_std,
                               std::span<const float> dy, std::span<float> dgamma,
                               std::span<float> dbeta, std::span<float> dx, BatchNormShape s) {
  const double m = static_cast<double>(s.batch * s.spatial);
  for (std::size_t c = 0; c < s.channels; ++c) {
    double sum_dy = 0.0, sum_dy_xhat = 0.0;
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const std::size_t i = at(s, n, c, k);
        const double xhat = (x[i] - mean[c]) * inv_std[c];
        sum_dy += dy[i];
        sum_dy_xhat += dy[i] * xhat;
      }
    dbeta[c] += static_cast<float>(sum_dy);
    dgamma[c] += static_cast<float>(sum_dy_xhat);
    if (dx.empty()) continue;
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const std::size_t i = at(s, n, c, k);
        const double xhat = (x[i] - mean[c]) * inv_std[c];
        dx[i] = static_cast<float>(gamma[c] * inv_std[c] *
                                   (dy[i] - sum_dy / m - xhat * sum_dy_xhat / m));
      }
  }
}

void batch_norm_backward_eval(std::span<const float> x, std::span<const float> gamma,
                              std::span<const float> running_mean,
                              std::span<const float> running_var, std::span<const float> dy,
                              std::span<float> dgamma, std::span<float> dbeta, std::span<float> dx,
                              BatchNormShape s, float epsilon) {
  for (std::size_t c = 0; c < s.channels; ++c) {
    const float inv = 1.0f / std::sqrt(running_var[c] + epsilon);
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t k = 0; k < s.spatial; ++k) {
        const std::size_t i = at(s, n, c, k);
        dbeta[c] += dy[i];
        dgamma[c] += dy[i] * (x[i] - running_mean[c]) * inv;
        if (!dx.empty()) dx[i] = dy[i] * gamma[c] * inv;
      }
  }
}

void layer_norm_forward(std::span<const float> x, std::span<const float> gamma,
                        std::span<const float> beta, std::span<float> y, std::size_t batch,
                        std::size_t features, float epsilon) {
  for (std::size_t n = 0; n < batch; ++n) {
    const float* xr = x.data() + n * features;
    double sum = 0.0, sum_sq = 0.0;
    for (std::size_t d = 0; d < features; ++d) sum += xr[d], sum_sq += double{xr[d]} * xr[d];
    const double mu = sum / static_cast<double>(features);
    const double var = std::max(0.0, sum_sq / static_cast<double>(features) - mu * mu);
    const double inv = 1.0 / std::sqrt(var + epsilon);
    for (std::size_t d = 0; d < features; ++d)
      y[n * features + d] = static_cast<float>(gamma[d] * (xr[d] - mu) * inv + beta[d]);
  }
}

void layer_norm_backward(std::span<const float> x, std::span<const float> gamma,
                         std::span<const float> dy, std::span<float> dgamma, std::span<float> dbeta,
                         std::span<float> dx, std::size_t batch, std::size_t features,
                         float epsilon) {
  const double count = static_cast<double>(features);
  for (std::size_t n = 0; n < batch; ++n) {
    const float* xr = x.data() + n * features;
    const float* dyr = dy.data() + n * features;
    double sum = 0.0, sum_sq = 0.0;
    for (std::size_t d = 0; d < features; ++d) sum += xr[d], sum_sq += double{xr[d]} * xr[d];
    const double mu = sum / count;
    const double inv = 1.0 / std::sqrt(std::max(0.0, sum_sq / count - mu * mu) + epsilon);
    double mean_g = 0.0, mean_g_xhat = 0.0;
    for (std::size_t d = 0; d < features; ++d) {
      const double xhat = (xr[d] - mu) * inv;
      const double g = double{dyr[d]} * gamma[d];
      mean_g += g, mean_g_xhat += g * xhat;
      dbeta[d] += dyr[d];
      dgamma[d] += static_cast<float>(dyr[d] * xhat);
    }
    mean_g /= count, mean_g_xhat /= count;
    if (dx.empty()) continue;
    for (std::size_t d = 0; d < features; ++d) {
      const double xhat = (xr[d] - mu) * inv;
      dx[n * features + d] =
          static_cast<float>((double{dyr[d]} * gamma[d] - mean_g - xhat * mean_g_xhat) * inv);
    }
  }
}

}  // namespace glassbox
