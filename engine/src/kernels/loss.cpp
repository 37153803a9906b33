#include "glassbox/kernels/loss.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

void require_same_length(std::span<const float> y, std::span<const float> t, std::span<float> dy,
                         const char* what) {
  require(y.size() == t.size() && dy.size() == y.size(),
          std::string(what) + ": outputs, targets and gradient must have the same length");
}

}  // namespace

std::string loss_name(LossKind kind) {
  switch (kind) {
    case LossKind::softmax_cross_entropy:
      return "softmax_cross_entropy";
    case LossKind::binary_cross_entropy:
      return "binary_cross_entropy";
    case LossKind::mse:
      return "mse";
    case LossKind::huber:
      return "huber";
  }
  return "?";
}

std::vector<std::string> loss_names() {
  std::vector<std::string> names;
  for (LossKind kind : {LossKind::softmax_cross_entropy, LossKind::binary_cross_entropy,
                        LossKind::mse, LossKind::huber})
    names.push_back(loss_name(kind));
  return names;
}

LossKind parse_loss(const std::string& name) {
  if (name == "softmax_cross_entropy" || name == "cross_entropy") {
    return LossKind::softmax_cross_entropy;
  }
  if (name == "binary_cross_entropy" || name == "bce") return LossKind::binary_cross_entropy;
  if (name == "mse") return LossKind::mse;
  if (name == "huber") return LossKind::huber;
  throw Error("unknown loss '" + name +
              "'; use softmax_cross_entropy, binary_cross_entropy, mse or huber");
}

float softmax_cross_entropy(std::span<const float> z, std::span<const float> t, std::span<float> dz,
                            std::size_t rows, std::size_t cols) {
  require(z.size() == rows * cols && t.size() == rows * cols && dz.size() == rows * cols,
          "cross-entropy: logits, targets and gradient must all be rows × cols");
  double total = 0.0;
  const float inv_rows = 1.0f / static_cast<float>(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const float* zr = z.data() + r * cols;
    const float* tr = t.data() + r * cols;
    float* dr = dz.data() + r * cols;
    const float max = *std::max_element(zr, zr + cols);
    float sum = 0.0f;
    for (std::size_t c = 0; c < cols; ++c) sum += std::exp(zr[c] - max);
    const float log_sum = std::log(sum);
    for (std::size_t c = 0; c < cols; ++c) {
      const float log_p = zr[c] - max - log_sum;
      total -= double{tr[c]} * log_p;
      dr[c] = (std::exp(log_p) - tr[c]) * inv_rows;
    }
  }
  return static_cast<float>(total / static_cast<double>(rows));
}

float binary_cross_entropy(std::span<const float> z, std::span<const float> t,
                           std::span<float> dz) {
  require_same_length(z, t, dz, "binary cross-entropy");
  double total = 0.0;
  const float inv_m = 1.0f / static_cast<float>(z.size());
  for (std::size_t i = 0; i < z.size(); ++i) {
    total += std::max(z[i], 0.0f) - z[i] * t[i] + std::log1p(std::exp(-std::abs(z[i])));
    dz[i] = (1.0f / (1.0f + std::exp(-z[i])) - t[i]) * inv_m;
  }
  return static_cast<float>(total / static_cast<double>(z.size()));
}

float mean_squared_error(std::span<const float> y, std::span<const float> t, std::span<float> dy) {
  require_same_length(y, t, dy, "mse");
  double total = 0.0;
  const float scale = 2.0f / static_cast<float>(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const float diff = y[i] - t[i];
    total += double{diff} * diff;
    dy[i] = scale * diff;
  }
  return static_cast<float>(total / static_cast<double>(y.size()));
}

float huber_loss(std::span<const float> y, std::span<const float> t, std::span<float> dy,
                 float delta) {
  require_same_length(y, t, dy, "huber");
  double total = 0.0;
  const float inv_m = 1.0f / static_cast<float>(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const float r = y[i] - t[i];
    const float a = std::abs(r);
    total += a <= delta ? 0.5 * double{r} * r : double{delta} * (a - 0.5 * delta);
    dy[i] = std::clamp(r, -delta, delta) * inv_m;
  }
  return static_cast<float>(total / static_cast<double>(y.size()));
}

float compute_loss(LossKind kind, std::span<const float> outputs, std::span<const float> targets,
                   std::span<float> doutputs, std::size_t rows, std::size_t cols) {
  switch (kind) {
    case LossKind::softmax_cross_entropy:
      return softmax_cross_entropy(outputs, targets, doutputs, rows, cols);
    case LossKind::binary_cross_entropy:
      return binary_cross_entropy(outputs, targets, doutputs);
    case LossKind::mse:
      return mean_squared_error(outputs, targets, doutputs);
    case LossKind::huber:
      return huber_loss(outputs, targets, doutputs);
  }
  return 0.0f;
}

}  // namespace glassbox
