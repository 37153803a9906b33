#include "glassbox/metrics.hpp"

#include <algorithm>
#include <cstdio>

#include "glassbox/loss.hpp"

namespace glassbox {

std::size_t argmax(const float* values, std::size_t count) {
  return static_cast<std::size_t>(std::max_element(values, values + count) - values);
}

Evaluation evaluate(Model& model, const Dataset& data, std::size_t batch_size) {
  data.validate();
  Evaluation result;
  result.classes = data.target_size == 1 ? 2 : data.target_size;
  result.confusion.assign(result.classes * result.classes, 0);
  const std::size_t in = data.input_size, out = data.target_size;
  std::vector<float> gradient_scratch;
  double loss_sum = 0.0;
  for (std::size_t first = 0; first < data.count; first += batch_size) {
    const std::size_t size = std::min(batch_size, data.count - first);
    const auto output = model.forward(std::span(data.inputs).subspan(first * in, size * in), size);
    const auto targets = std::span(data.targets).subspan(first * out, size * out);
    gradient_scratch.resize(output.size());
    const float loss =
        compute_loss(model.architecture().loss, output, targets, gradient_scratch, size, out);
    loss_sum += double{loss} * static_cast<double>(size);
    for (std::size_t b = 0; b < size; ++b) {
      const float* row = output.data() + b * out;
      // One output: a logit for BCE (decide at 0), else a value in (0, 1) (decide at ½).
      const float threshold =
          model.architecture().loss == LossKind::binary_cross_entropy ? 0.0f : 0.5f;
      const std::size_t predicted = out == 1 ? (row[0] > threshold ? 1 : 0) : argmax(row, out);
      const std::size_t truth = data.label(first + b);
      ++result.confusion[truth * result.classes + predicted];
      if (predicted == truth) ++result.correct;
    }
  }
  result.count = data.count;
  result.mean_loss = static_cast<float>(loss_sum / static_cast<double>(data.count));
  return result;
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
