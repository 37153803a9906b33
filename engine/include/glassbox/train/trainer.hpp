#pragma once
// Mini-batch training that is driven in steps: `step(n)` runs n mini-batches
// and returns their stats, so a caller (a CLI progress bar, a web worker) can
// report, pause and stop between calls without threads.
//
// Each epoch visits every training sample once, in an order shuffled by the
// trainer's own seeded Rng; the last batch of an epoch may be smaller.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/schedule.hpp"

namespace glassbox {

struct TrainOptions {
  std::size_t batch_size = 64;
  std::uint64_t shuffle_seed = 1;
  // Shift augmentation: when max_shift > 0, every training sample, viewed as
  // an image_height × image_width image, is moved by a random (dx, dy) in
  // [−max_shift, max_shift]² each time it is drawn.
  int max_shift = 0;
  std::size_t image_width = 0, image_height = 0;
  // Regularization (regularization.hpp); 0 turns each off.
  float l1 = 0.0f, l2 = 0.0f, max_norm = 0.0f;
  // Gradient clipping, applied after the penalties; 0 turns each off.
  float clip_norm = 0.0f, clip_value = 0.0f;
  // When set, the learning rate of every step comes from the schedule.
  bool use_schedule = false;
  Schedule schedule{};

  // Throws Error naming the field and its allowed range.
  void validate() const;
};

// Thrown when the loss, a gradient or a weight becomes NaN or infinite. The
// model is left at its state before the step that failed.
class TrainingDiverged : public Error {
public:
  TrainingDiverged(std::size_t step, float loss, float learning_rate);
};

struct StepStats {
  std::size_t batches = 0;        // batches run by this call
  std::size_t samples = 0;        // samples seen by this call
  float mean_loss = 0.0f;         // mean loss over those batches (sample-weighted)
  std::size_t epoch = 0;          // completed epochs after this call
  std::size_t step_in_epoch = 0;  // batches done in the current epoch
  float learning_rate = 0.0f;     // of the last batch
};

class Trainer {
public:
  // The trainer keeps references: model, optimizer and data must outlive it.
  Trainer(Model& model, Optimizer& optimizer, const Dataset& train, TrainOptions options);

  // Throws TrainingDiverged (model left at its last good state).
  StepStats step(std::size_t batches);
  // Runs the rest of the current epoch.
  StepStats finish_epoch();

  std::size_t batches_per_epoch() const;
  std::size_t epoch() const { return epoch_; }
  std::size_t total_steps() const { return total_steps_; }

private:
  // One mini-batch: gather, forward, loss, backward, update. Returns the loss.
  float train_batch(std::size_t first, std::size_t size);
  void begin_epoch();

  Model& model_;
  Optimizer& optimizer_;
  const Dataset& data_;
  TrainOptions options_;
  Rng rng_;
  std::vector<std::uint32_t> order_;
  std::vector<float> batch_inputs_, batch_targets_, doutput_, shifted_, last_good_;
  std::size_t position_ = 0;  // next sample index in order_
  std::size_t epoch_ = 0;
  std::size_t step_in_epoch_ = 0;
  std::size_t total_steps_ = 0;
};

}  // namespace glassbox
