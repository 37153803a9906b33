#pragma once
// Mini-batch training that is driven in steps: `step(n)` runs n mini-batches
// and returns their stats, so a caller (a CLI progress bar, a web worker) can
// report, pause and stop between calls without threads.
//
// Each epoch visits every training sample once, in an order shuffled by the
// trainer's own seeded Rng; the last batch of an epoch may be smaller.
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/augment.hpp"
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
  // Digit augmentation (augment.hpp): thickness, rotation, scale, elastic
  // distortion, applied before the shift, with the trainer's Rng.
  DigitAugment augment{};
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

// When training counts as diverged, and what it keeps.
//
// The loss of the first batch, computed on the untrained weights before any
// update, is the reference R. Each step updates a smoothed loss
// S <- (1 - smoothing) * S + smoothing * loss, starting at S = R. Training
// stops when S > max(factor * R, R + margin), or as soon as the loss, a
// gradient or a weight is NaN or infinite.
//
// Why these numbers (measured with the engine, model seed 1, shuffle seed 2):
// - MNIST 784-128-64-10 with SGD at lr 0.05, 0.1, 0.5 and 1 and with Adam at
//   1e-3 and 3e-3: S never went above 1.17 R.
// - Every built-in problem at lr 0.05 with Adam, and with SGD at 0.3: at most
//   1.9 R. Adam at 0.5, ten times the defaults, peaked at R + 7.1 (a 2-D set
//   that recovered), so the margin of 10 leaves those runs alone.
// - SGD at lr 10 on MNIST: losses 2.44, 35.5, 63759, ...; S = 6381 at step 3.
// The margin keeps small starting losses (an MSE near 0) from turning noise
// into an "explosion": a mean cross-entropy 10 above the start means the true
// class gets about e^-10 of the probability.
struct DivergenceRule {
  static constexpr float smoothing = 0.1f;  // about a 10-batch window
  static constexpr float factor = 10.0f;
  static constexpr float margin = 10.0f;
  // The last good weights are a snapshot, not a copy per step (that copy cost
  // 4-6% of the MNIST MLP's native training throughput). Every
  // `snapshot_every` steps, if that batch's loss and S are both at most R, the
  // weights the batch was computed on (and the BatchNorm statistics) are
  // copied; the first step always takes one. On divergence the model returns
  // to the latest snapshot: a state it really had, whose loss was no worse
  // than at the start. Every 50 steps the copy costs about 0.1% of training;
  // a diverged run loses the steps since that snapshot (usually under 50),
  // which were heading for the explosion anyway.
  static constexpr std::size_t snapshot_every = 50;
};

// Thrown when training diverges (DivergenceRule). The model is left at its
// last snapshot; the optimizer's state (momenta) is not rolled back. Once
// thrown, every later step() throws it again: the run is over.
class TrainingDiverged : public Error {
public:
  // `reason`: "the loss is nan", "the loss grew from 2.44 to 6381 (smoothed)", ...
  TrainingDiverged(std::size_t step, const std::string& reason, float learning_rate);
};

struct StepStats {
  std::size_t batches = 0;        // batches run by this call
  std::size_t samples = 0;        // samples seen by this call
  float mean_loss = 0.0f;         // mean loss over those batches (sample-weighted)
  std::size_t epoch = 0;          // completed epochs after this call
  std::size_t step_in_epoch = 0;  // batches done in the current epoch
  float learning_rate = 0.0f;     // of the last batch
};

// Where a run is: everything step() reads and writes besides the model, the
// optimizer and the data (for checkpoints, see checkpoint.hpp).
struct TrainerState {
  std::vector<std::uint32_t> order;  // this epoch's shuffled sample order
  std::array<std::uint64_t, 4> rng{};
  std::uint64_t position = 0, epoch = 0, step_in_epoch = 0, total_steps = 0;
  float reference_loss = 0.0f, smoothed_loss = 0.0f;
  std::vector<float> snapshot_parameters, snapshot_state;
  std::uint64_t snapshot_step = 0;
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
  // The inputs of the last batch as the model saw them (after augmentation):
  // (batch, input size), row-major.
  std::span<const float> batch_inputs() const { return batch_inputs_; }
  // After a divergence: the model holds its weights from before this step
  // (1 = the initial weights). 0 before any snapshot.
  std::size_t snapshot_step() const { return snapshot_step_; }

  // The run's position, for a checkpoint; refused after a divergence (the run is over).
  TrainerState save_state() const;
  // Continues a saved run: the next step() is the one the saved trainer would
  // have taken. Throws Error (nothing changed) when the state does not fit this
  // trainer's data and model: order not a permutation of the samples, a
  // position past the data, snapshot buffers of another size.
  void load_state(const TrainerState& state);

private:
  // One mini-batch: gather, forward, loss, backward, update. Returns the loss.
  float train_batch(std::size_t first, std::size_t size);
  void begin_epoch();
  // Restores the snapshot, remembers the failure for later calls, throws it.
  [[noreturn]] void diverge(std::size_t step, const std::string& reason);

  Model& model_;
  Optimizer& optimizer_;
  const Dataset& data_;
  TrainOptions options_;
  Rng rng_;
  std::vector<std::uint32_t> order_;
  std::vector<std::int32_t> batch_labels_;
  std::size_t classes_ = 0;  // class-id targets: the logits' last axis
  std::vector<float> batch_inputs_, batch_targets_, doutput_, shifted_;
  AugmentScratch augment_scratch_;
  // DivergenceRule's state.
  float reference_loss_ = 0.0f, smoothed_loss_ = 0.0f;
  std::vector<float> snapshot_parameters_, snapshot_state_;
  std::size_t snapshot_step_ = 0;
  std::optional<TrainingDiverged> diverged_;
  std::size_t position_ = 0;  // next sample index in order_
  std::size_t epoch_ = 0;
  std::size_t step_in_epoch_ = 0;
  std::size_t total_steps_ = 0;
};

}  // namespace glassbox
