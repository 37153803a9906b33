#pragma once
// Internal to the lab: one arm's setup, and the experiment definitions
// (experiments.cpp) that lab.cpp runs.
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/lab/lab.hpp"
#include "glassbox/model/architecture.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox::lab {

struct Experiment::Plan {
  std::string name;
  Architecture architecture;
  OptimizerOptions optimizer;
  TrainOptions train;
  std::shared_ptr<const Dataset> train_data, test_data;
  std::shared_ptr<const Dataset> validation_data;  // early stopping and its chart
  std::uint64_t model_seed = 1;
  std::size_t epochs = 1;              // at most
  std::size_t epochs_per_advance = 1;  // tiny sets run a chunk per advance()
  float target_loss = 0.0f;            // > 0: stop once an epoch's mean loss is below it
  std::size_t patience = 0;            // > 0: early stopping on the validation loss
  bool keep_filters = false;           // copy layer 0's weight out at the end (a CNN)
  bool regression = false;             // the metric is the MSE, not the accuracy
  std::string loss_chart = "loss";     // the chart its training loss goes to
  // Extra measurements: at the initial weights (their numbers are listed
  // after the trained ones), and after training.
  std::function<void(Model&, ArmResult&)> measure_start, measure_end;
};

// The arms of experiment `id` for these (validated) settings.
std::vector<Experiment::Plan> make_plans(const std::string& id,
                                         const std::map<std::string, double>& settings);
// Examples 7, 9 and 10 (sequence_experiments.cpp): their catalog entries and arms.
std::vector<ExperimentInfo> sequence_catalog();
std::vector<Experiment::Plan> recurrence(const std::map<std::string, double>& settings);
std::vector<Experiment::Plan> attention(const std::map<std::string, double>& settings);
std::vector<Experiment::Plan> embeddings(const std::map<std::string, double>& settings);

// The verdict on the seed's claim from the measured arms.
Verdict judge(const std::string& id, const std::vector<ArmResult>& arms,
              const std::map<std::string, double>& settings);

// "%.1f" etc. into a std::string.
std::string format(const char* pattern, double value);

}  // namespace glassbox::lab
