#include "glassbox/kernels/loss.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"

namespace glassbox {
namespace {

void require_same_length(std::span<const float> y, std::span<const float> t, std::span<float> dy,
                         const char* what) {
  // The message is built only on failure: a loss call in the training step must not allocate.
  if (y.size() != t.size() || dy.size() != y.size()) {
    throw Error(std::string(what) + ": outputs, targets and gradient must have the same length");
  }
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
  if (z.size() != rows * cols || t.size() != rows * cols || dz.size() != rows * cols) {
    throw Error("cross-entropy: logits, targets and gradient must all be rows × cols");
  }
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

float sparse_softmax_cross_entropy(std::span<const float> logits, std::span<const std::int32_t> ids,
                                   std::span<float> dlogits, std::size_t rows,
                                   std::size_t classes) {
  static const std::string what = "sparse cross-entropy: rows × classes";
  const std::size_t count_all = checked_multiply(rows, classes, what);
  if (logits.size() != count_all || dlogits.size() != count_all || ids.size() != rows) {
    throw Error("sparse cross-entropy: logits and gradient must be rows × classes (" +
                std::to_string(rows) + " × " + std::to_string(classes) + ") and ids must hold " +
                std::to_string(rows) + " ids; got " + std::to_string(logits.size()) + ", " +
                std::to_string(dlogits.size()) + " and " + std::to_string(ids.size()));
  }
  // Validate and count first, so a bad id leaves dlogits untouched.
  std::size_t counted = 0;
  for (std::size_t r = 0; r < rows; ++r) {
    const std::int32_t id = ids[r];
    if (id < -1 || (id >= 0 && static_cast<std::size_t>(id) >= classes)) {
      throw Error("sparse cross-entropy: row " + std::to_string(r) + " has class id " +
                  std::to_string(id) + ", outside [-1, " + std::to_string(classes) +
                  "): use a class id below " + std::to_string(classes) +
                  ", or -1 to ignore the row");
    }
    if (id >= 0) ++counted;
  }
  std::fill(dlogits.begin(), dlogits.end(), 0.0f);
  if (counted == 0) return 0.0f;

  double total = 0.0;
  const float inv_count = 1.0f / static_cast<float>(counted);
  for (std::size_t r = 0; r < rows; ++r) {
    if (ids[r] < 0) continue;
    const std::size_t target = static_cast<std::size_t>(ids[r]);
    const float* zr = logits.data() + r * classes;
    float* dr = dlogits.data() + r * classes;
    // log p = z − max − log Σ e^(z − max): no overflow for large logits.
    const float max = *std::max_element(zr, zr + classes);
    float sum = 0.0f;
    for (std::size_t c = 0; c < classes; ++c) sum += std::exp(zr[c] - max);
    const float log_sum = std::log(sum);
    total -= double{zr[target] - max - log_sum};
    for (std::size_t c = 0; c < classes; ++c) {
      const float onehot = c == target ? 1.0f : 0.0f;
      dr[c] = (std::exp(zr[c] - max - log_sum) - onehot) * inv_count;
    }
  }
  return static_cast<float>(total / static_cast<double>(counted));
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
