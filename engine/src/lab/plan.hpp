#pragma once
// Internal to the lab: one arm's setup, and the experiment definitions
// (experiments.cpp) that lab.cpp runs.
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/lab/lab.hpp"
#include "glassbox/model/architecture.hpp"
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
};

// The arms of experiment `id` for these (validated) settings.
std::vector<Experiment::Plan> make_plans(const std::string& id,
                                         const std::map<std::string, double>& settings);
// The verdict on the seed's claim from the measured arms.
Verdict judge(const std::string& id, const std::vector<ArmResult>& arms,
              const std::map<std::string, double>& settings);

// "%.1f" etc. into a std::string.
std::string format(const char* pattern, double value);

}  // namespace glassbox::lab
