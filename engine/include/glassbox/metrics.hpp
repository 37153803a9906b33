#pragma once
// Evaluation: accuracy, mean loss and a confusion matrix over a dataset.
#include <cstddef>
#include <string>
#include <vector>

#include "glassbox/dataset.hpp"
#include "glassbox/model.hpp"

namespace glassbox {

struct Evaluation {
  std::size_t count = 0;
  std::size_t correct = 0;
  float mean_loss = 0.0f;
  std::size_t classes = 0;
  // confusion[true_class * classes + predicted_class]
  std::vector<std::size_t> confusion;

  double accuracy() const { return count == 0 ? 0.0 : static_cast<double>(correct) / count; }
  // A printable table: rows are true classes, columns predictions.
  std::string confusion_table() const;
};

// Runs the model over `data` in batches of `batch_size` (inference only).
Evaluation evaluate(Model& model, const Dataset& data, std::size_t batch_size = 256);

// Index of the largest value (first on ties).
std::size_t argmax(const float* values, std::size_t count);

}  // namespace glassbox
