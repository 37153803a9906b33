#include "glassbox/loss.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/error.hpp"

namespace glassbox {

std::string loss_name(LossKind kind) {
  return kind == LossKind::mse ? "mse" : "softmax_cross_entropy";
}

LossKind parse_loss(const std::string& name) {
  if (name == "softmax_cross_entropy" || name == "cross_entropy") {
    return LossKind::softmax_cross_entropy;
  }
  if (name == "mse") return LossKind::mse;
  throw Error("unknown loss '" + name + "'; use softmax_cross_entropy or mse");
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

float mean_squared_error(std::span<const float> y, std::span<const float> t, std::span<float> dy) {
  require(y.size() == t.size() && dy.size() == y.size(),
          "mse: outputs, targets and gradient must have the same length");
  double total = 0.0;
  const float scale = 2.0f / static_cast<float>(y.size());
  for (std::size_t i = 0; i < y.size(); ++i) {
    const float diff = y[i] - t[i];
    total += double{diff} * diff;
    dy[i] = scale * diff;
  }
  return static_cast<float>(total / static_cast<double>(y.size()));
}

}  // namespace glassbox
