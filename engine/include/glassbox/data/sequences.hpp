#pragma once
// The built-in sequence tasks for recurrent networks, generated from a seed
// like the 2-D sets. Each sample is a sequence of T steps with `features`
// floats per step (a bit, a value and a marker, or a one-hot symbol); targets
// are a class id per sample, a class id per step (−1 = not scored), or a value.
// Each task states what it teaches, its chance-level baseline, when it counts
// as solved, and known-good defaults per cell type that tests/engine/
// test_sequences.cpp holds to their promised metric.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/kernels/recurrent.hpp"

namespace glassbox {

// Known-good training settings for one cell type.
struct CellDefaults {
  std::size_t length;  // T they are known good at
  std::size_t units;
  float learning_rate;  // Adam
  std::size_t steps;    // mini-batches
  std::size_t batch_size;
  // What these settings reach on the test set (seeds 1..): accuracy at least
  // this, or MSE at most this.
  double promise;
};

struct SequenceTaskInfo {
  std::string name;     // "adding"
  std::string teaches;  // one sentence
  bool regression;      // metric: MSE (lower is better); else accuracy
  std::size_t features;
  std::size_t default_length, min_length, max_length;
  CellDefaults rnn, lstm, gru;

  const CellDefaults& defaults(CellKind kind) const;
};

struct SequenceOptions {
  std::uint64_t seed = 1;
  std::size_t length = 0;  // T; 0: the task's default
  std::size_t train_samples = 2000, test_samples = 500;
  // parity's length curriculum: only the last `active` steps carry random
  // bits, the earlier ones are 0 (which leaves the parity alone); 0: all T.
  std::size_t active = 0;
};

struct SequenceData {
  Dataset train, test;
  std::size_t length, classes;  // classes: 0 for regression
  bool per_step;                // a class id per step (copy_memory)
};

const std::vector<SequenceTaskInfo>& sequence_tasks();
// Throws Error listing the known names.
const SequenceTaskInfo& find_sequence_task(const std::string& name);
// Throws Error when the length or sample counts are out of range.
SequenceData make_sequence_task(const std::string& name, const SequenceOptions& options = {});

// The metric of a model that has learned nothing: for accuracy, the share of
// the most frequent class (of the class distribution, not of a sample); for
// MSE, the target's variance (predicting its mean).
double sequence_baseline(const std::string& name, std::size_t length);

// Where a test metric stands against the task's baseline (b):
//   solved       accuracy ≥ 0.95, or MSE ≤ 0.1·b (90% of the variance explained);
//   at baseline  accuracy ≤ b + 0.1·(1 − b) (less than a tenth of the way from
//                the baseline to 1), or MSE ≥ 0.9·b;
//   learning     in between.
// A NaN metric (a diverged run) is at baseline. Throws Error for a baseline
// that is negative or not finite, or an accuracy task's baseline above 1.
enum class SequenceStanding { solved, learning, at_baseline };
SequenceStanding sequence_standing(const SequenceTaskInfo& task, double metric, double baseline);
// "solved", "learning", "at baseline".
std::string sequence_standing_name(SequenceStanding standing);
// sequence_standing(task, metric, sequence_baseline(task.name, length)) == solved.
bool sequence_solved(const SequenceTaskInfo& task, double metric, std::size_t length);

// The architecture JSON for a task, a cell type and a hidden size:
// a cell over the sequence (all steps for per-step tasks, else the last),
// then a dense layer to the classes (or to one value).
std::string sequence_architecture(const std::string& name, CellKind kind, std::size_t units,
                                  std::size_t length);

// "rnn", "lstm", "gru"; parse throws Error listing them.
std::string cell_kind_name(CellKind kind);
CellKind parse_cell_kind(const std::string& name);

}  // namespace glassbox
