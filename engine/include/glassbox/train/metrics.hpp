#pragma once
// Evaluation: accuracy, mean loss and a confusion matrix over a dataset.
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

// For class-id targets, every counted position (a sample, or a time step
// whose id is not −1) is one item: count, correct and the confusion matrix
// are over positions, and predictions has one entry per counted position.
struct Evaluation {
  std::size_t count = 0;
  std::size_t correct = 0;
  float mean_loss = 0.0f;
  std::size_t classes = 0;
  // confusion[true_class * classes + predicted_class]
  std::vector<std::size_t> confusion;
  // The predicted class of every sample, in order.
  std::vector<std::uint8_t> predictions;

  double accuracy() const { return count == 0 ? 0.0 : static_cast<double>(correct) / count; }
  // Precision of class c: of the samples predicted c, the fraction truly c
  // (0 when nothing was predicted c).
  double precision(std::size_t c) const;
  // Recall of class c: of the samples truly c, the fraction predicted c.
  double recall(std::size_t c) const;
  // A printable table: rows are true classes, columns predictions.
  std::string confusion_table() const;
};

// One row of a training history.
struct EpochRecord {
  std::size_t epoch = 0;
  float train_loss = 0.0f;
  float validation_loss = 0.0f;
  double validation_accuracy = 0.0;
};
using History = std::vector<EpochRecord>;

// Splits off the last `validation_fraction` of a seeded shuffle as a
// validation set: {train, validation}. Fraction in (0, 1).
std::pair<Dataset, Dataset> split_dataset(const Dataset& data, double validation_fraction,
                                          std::uint64_t seed);

// Runs the model over `data` in batches of `batch_size` (inference only).
Evaluation evaluate(Model& model, const Dataset& data, std::size_t batch_size = 256);

// Index of the largest value (first on ties).
std::size_t argmax(const float* values, std::size_t count);

}  // namespace glassbox
