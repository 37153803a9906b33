#include "glassbox/train/early_stopping.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {

EarlyStopping::EarlyStopping(std::size_t patience, float min_delta, bool restore_best)
    : patience_(patience), min_delta_(min_delta), restore_best_(restore_best) {
  require(patience >= 1, "early-stopping patience must be at least 1 evaluation");
  require(std::isfinite(min_delta) && min_delta >= 0.0f,
          "early-stopping min_delta must be 0 or more");
}

bool EarlyStopping::update(float validation_loss, Model& model) {
  ++count_;
  if (validation_loss < best_ - min_delta_) {
    best_ = validation_loss;
    best_index_ = count_;
    since_best_ = 0;
    if (restore_best_)
      best_parameters_.assign(model.parameters().begin(), model.parameters().end());
    return false;
  }
  if (++since_best_ < patience_) return false;
  if (restore_best_ && !best_parameters_.empty()) {
    std::copy(best_parameters_.begin(), best_parameters_.end(), model.parameters().begin());
  }
  return true;
}

}  // namespace glassbox
