#pragma once
// One training run of a recurrent net on a built-in sequence task
// (data/sequences.hpp): Adam with gradient clipping, the test metric every
// `eval_every` steps, the step at which the task counted as solved, and the
// gradient through time ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ before and after training.
// Used by `glassbox train <task>`, `glassbox compare recurrent` and the tests.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/data/sequences.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

struct SequenceRunOptions {
  std::string task = "adding";
  CellKind cell = CellKind::lstm;
  std::size_t length = 0;  // 0: the task's default
  std::uint64_t seed = 1;  // data and weights
  // 0 (or a negative rate): the task's defaults for this cell.
  std::size_t units = 0, steps = 0, batch_size = 0;
  float learning_rate = 0.0f;
  float clip_norm = 1.0f;  // global gradient-norm clipping; 0 turns it off
  std::size_t eval_every = 50;
  std::size_t train_samples = 2000, test_samples = 500;
  // parity only: train on the last 2 bits first, then 3, ... up to T (the
  // others 0), moving on when the stage's test accuracy reaches 95%; the
  // metric is always on full-length sequences.
  bool curriculum = false;
};

struct SequenceEvalPoint {
  std::size_t step;
  double metric;  // test accuracy, or test MSE
};

struct SequenceRunResult {
  std::size_t length = 0, units = 0, steps = 0;
  bool regression = false;
  double metric = 0.0;        // final test metric
  double baseline = 0.0;      // sequence_baseline
  std::size_t solved_at = 0;  // first evaluated step that met sequence_solved; 0: never
  // gradient_ratio: mean over test sequences of ‖∂L/∂h₁‖ / mean of ‖∂L/∂h_T‖
  // (inspect/gradient_through_time.hpp), at the initial weights and after training.
  double gradient_ratio_start = 0.0, gradient_ratio_end = 0.0;
  double seconds = 0.0;
  std::size_t active = 0;  // curriculum: the active length reached (T when it finished)
  std::vector<SequenceEvalPoint> history;
};

// The test metric of `model` on `data` (accuracy, or MSE).
double sequence_metric(Model& model, const SequenceData& data, bool regression);
// gradient_through_time(model, data.test, 64).ratio: ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖ of
// the first recurrent layer, averaged over up to 64 test samples.
double gradient_ratio(Model& model, const SequenceData& data);

// Throws Error for bad options (unknown task, length out of range).
SequenceRunResult run_sequence_task(const SequenceRunOptions& options);

}  // namespace glassbox
