#pragma once
// Early stopping on a validation loss: stop when it has not improved by more
// than `min_delta` for `patience` evaluations in a row, and optionally put
// back the weights of the best evaluation (restore-best).
#include <cstddef>
#include <limits>
#include <vector>

#include "glassbox/model/model.hpp"

namespace glassbox {

class EarlyStopping {
public:
  EarlyStopping(std::size_t patience, float min_delta = 0.0f, bool restore_best = true);

  // Records one evaluation (e.g. after an epoch). Returns true when training
  // should stop; then, with restore-best, the model holds the best weights.
  bool update(float validation_loss, Model& model);

  float best_loss() const { return best_; }
  std::size_t best_evaluation() const { return best_index_; }  // 1-based; 0: none yet
  std::size_t evaluations() const { return count_; }

private:
  std::size_t patience_;
  float min_delta_;
  bool restore_best_;
  float best_ = std::numeric_limits<float>::infinity();
  std::size_t best_index_ = 0, count_ = 0, since_best_ = 0;
  std::vector<float> best_parameters_;
};

}  // namespace glassbox
