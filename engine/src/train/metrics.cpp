#include "glassbox/train/metrics.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/loss.hpp"

namespace glassbox {

std::size_t argmax(const float* values, std::size_t count) {
  return static_cast<std::size_t>(std::max_element(values, values + count) - values);
}

namespace {

// Class-id targets: logits (rows, classes) per sample, one row per id.
Evaluation evaluate_labels(Model& model, const Dataset& data, std::size_t batch_size) {
  Evaluation result;
  require(model.architecture().loss == LossKind::softmax_cross_entropy,
          "class-id targets need the softmax_cross_entropy loss");
  const std::size_t classes = last_dim(model.output_shape()), ids = data.target_size;
  require(row_count(model.output_shape()) == ids,
          "the data has " + std::to_string(ids) + " class ids per sample; the model's output " +
              shape_to_string(model.output_shape()) + " has " +
              std::to_string(row_count(model.output_shape())) + " rows of logits");
  result.classes = classes;
  result.confusion.assign(checked_multiply(classes, classes, "the confusion matrix"), 0);
  std::vector<float> batch, gradient_scratch;
  double loss_sum = 0.0;
  for (std::size_t first = 0; first < data.count; first += batch_size) {
    const std::size_t size = std::min(batch_size, data.count - first);
    batch.resize(size * data.input_size);
    for (std::size_t b = 0; b < size; ++b)
      data.copy_inputs(first + b, std::span(batch).subspan(b * data.input_size, data.input_size));
    const auto output = model.forward(batch, size);
    const auto labels = std::span(data.labels).subspan(first * ids, size * ids);
    gradient_scratch.resize(output.size());
    std::size_t counted = 0;
    for (std::int32_t id : labels) counted += id >= 0 ? 1 : 0;
    const float loss =
        sparse_softmax_cross_entropy(output, labels, gradient_scratch, size * ids, classes);
    loss_sum += double{loss} * static_cast<double>(counted);
    for (std::size_t r = 0; r < size * ids; ++r) {
      if (labels[r] < 0) continue;
      const std::size_t predicted = argmax(output.data() + r * classes, classes);
      const auto truth = static_cast<std::size_t>(labels[r]);
      ++result.confusion[truth * classes + predicted];
      result.predictions.push_back(
          static_cast<std::uint8_t>(std::min<std::size_t>(predicted, 255)));
      result.correct += predicted == truth ? 1 : 0;
      ++result.count;
    }
  }
  result.mean_loss =
      result.count == 0 ? 0.0f : static_cast<float>(loss_sum / static_cast<double>(result.count));
  return result;
}

}  // namespace

Evaluation evaluate(Model& model, const Dataset& data, std::size_t batch_size) {
  data.validate();
  if (data.has_labels()) return evaluate_labels(model, data, batch_size);
  Evaluation result;
  require(!data.multilabel || data.target_size <= 8, "multilabel sets support up to 8 outputs");
  result.classes = data.class_count();
  result.confusion.assign(checked_multiply(result.classes, result.classes, "the confusion matrix"),
                          0);
  const std::size_t in = data.input_size, out = data.target_size;
  std::vector<float> gradient_scratch, batch;
  double loss_sum = 0.0;
  for (std::size_t first = 0; first < data.count; first += batch_size) {
    const std::size_t size = std::min(batch_size, data.count - first);
    batch.resize(size * in);
    for (std::size_t b = 0; b < size; ++b)
      data.copy_inputs(first + b, std::span(batch).subspan(b * in, in));
    const auto output = model.forward(batch, size);
    const auto targets = std::span(data.targets).subspan(first * out, size * out);
    gradient_scratch.resize(output.size());
    const float loss =
        compute_loss(model.architecture().loss, output, targets, gradient_scratch, size, out);
    loss_sum += double{loss} * static_cast<double>(size);
    for (std::size_t b = 0; b < size; ++b) {
      const float* row = output.data() + b * out;
      // Yes/no outputs: logits for BCE (decide at 0), else values in (0, 1) (decide at ½).
      const float threshold =
          model.architecture().loss == LossKind::binary_cross_entropy ? 0.0f : 0.5f;
      std::size_t predicted = 0;
      if (data.multilabel) {
        for (std::size_t k = 0; k < out; ++k) predicted |= std::size_t{row[k] > threshold} << k;
      } else {
        predicted = out == 1 ? (row[0] > threshold ? 1 : 0) : argmax(row, out);
      }
      const std::size_t truth = data.label(first + b);
      ++result.confusion[truth * result.classes + predicted];
      result.predictions.push_back(
          static_cast<std::uint8_t>(std::min<std::size_t>(predicted, 255)));
      if (predicted == truth) ++result.correct;
    }
  }
  result.count = data.count;
  result.mean_loss = static_cast<float>(loss_sum / static_cast<double>(data.count));
  return result;
}

double Evaluation::precision(std::size_t c) const {
  std::size_t predicted = 0;
  for (std::size_t t = 0; t < classes; ++t) predicted += confusion[t * classes + c];
  return predicted == 0 ? 0.0 : static_cast<double>(confusion[c * classes + c]) / predicted;
}

double Evaluation::recall(std::size_t c) const {
  std::size_t actual = 0;
  for (std::size_t p = 0; p < classes; ++p) actual += confusion[c * classes + p];
  return actual == 0 ? 0.0 : static_cast<double>(confusion[c * classes + c]) / actual;
}

std::pair<Dataset, Dataset> split_dataset(const Dataset& data, double validation_fraction,
                                          std::uint64_t seed) {
  data.validate();
  require(validation_fraction > 0.0 && validation_fraction < 1.0,
          "validation fraction must be in (0, 1), got " + std::to_string(validation_fraction));
  const auto validation_count =
      static_cast<std::size_t>(std::llround(validation_fraction * static_cast<double>(data.count)));
  require(validation_count >= 1 && validation_count < data.count,
          "a validation fraction of " + std::to_string(validation_fraction) + " of " +
              std::to_string(data.count) + " samples leaves one side empty");
  std::vector<std::uint32_t> order(data.count);
  std::iota(order.begin(), order.end(), 0u);
  Rng rng(seed);
  rng.shuffle(order);
  std::pair<Dataset, Dataset> parts;
  const auto fill = [&](Dataset& part, std::size_t first, std::size_t count) {
    part.count = count;
    part.input_size = data.input_size;
    part.target_size = data.target_size;
    part.multilabel = data.multilabel;
    for (std::size_t i = first; i < first + count; ++i) {
      const std::size_t s = order[i];
      part.inputs.insert(part.inputs.end(), data.inputs.begin() + s * data.input_size,
                         data.inputs.begin() + (s + 1) * data.input_size);
      part.targets.insert(part.targets.end(), data.targets.begin() + s * data.target_size,
                          data.targets.begin() + (s + 1) * data.target_size);
    }
  };
  fill(parts.first, 0, data.count - validation_count);
  fill(parts.second, data.count - validation_count, validation_count);
  return parts;
}

std::string Evaluation::confusion_table() const {
  std::string text = "true\\pred";
  char cell[32];
  for (std::size_t p = 0; p < classes; ++p) {
    std::snprintf(cell, sizeof cell, "%6zu", p);
    text += cell;
  }
  text += "\n";
  for (std::size_t t = 0; t < classes; ++t) {
    std::snprintf(cell, sizeof cell, "%9zu", t);
    text += cell;
    for (std::size_t p = 0; p < classes; ++p) {
      std::snprintf(cell, sizeof cell, "%6zu", confusion[t * classes + p]);
      text += cell;
    }
    text += "\n";
  }
  return text;
}

}  // namespace glassbox
