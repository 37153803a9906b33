#pragma once
// The Lab: the classic experiments of seed 003 (examples 4 to 12),
// each a list of "arms" (networks or training setups) trained on the same data
// with the same seeds, then a verdict on the seed's claim computed from the
// measured numbers. The CLI (`glassbox lab NAME`) and the web page (a worker
// through wasm) run this same code, so the same settings give the same numbers.
//
// An experiment runs in small steps (advance(): at most one epoch of one arm)
// so a worker can report between steps; every epoch adds points to the charts.
#include <cstddef>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace glassbox::lab {

// One setting a student can change: a number in [min, max] (whole if `whole`).
struct Setting {
  std::string name;   // "seed", "lr_scale", ...
  std::string label;  // what the page shows
  std::string help;   // one line
  double value, min, max;
  bool whole;
};

struct ExperimentInfo {
  std::string id;     // "optimizers"
  int example;        // seed 003's example number
  std::string title;  // "Optimizers"
  std::string claim;  // the claim, in seed 003's words
  std::string setup;  // what we run, one paragraph
  std::vector<Setting> settings;
  // Which charts the page draws: "loss", "test_accuracy", "train_accuracy",
  // "test_mse", "validation_loss", "gradient_norms" (per layer, latest epoch),
  // "filters", "matrices" (each arm's labelled matrices, after it trained).
  std::vector<std::string> charts;
  double browser_seconds;  // the e2e limit for the default settings
};

// Every experiment, in seed 003's order.
const std::vector<ExperimentInfo>& catalog();
// The catalog as JSON: [{id, example, title, claim, setup, charts, browserSeconds,
// settings: [{name, label, help, value, min, max, whole}]}].
std::string catalog_json();
// Throws Error listing the known ids.
const ExperimentInfo& find_experiment(const std::string& id);

// "holds", "holds partly" or "does not hold here", with the numbers.
struct Verdict {
  std::string verdict;
  std::string summary;
};

// A labelled matrix an arm measured (an attention map, cosine similarities):
// values (rows × columns), row-major.
struct Matrix {
  std::string title;
  std::vector<std::string> rows, columns;
  std::vector<double> values;
};

// One arm's measured numbers, in display order ("test accuracy %": 91.2).
struct ArmResult {
  std::string name;
  std::vector<std::pair<std::string, double>> numbers;
  bool diverged = false;
  std::string divergence;                       // the engine's reason, when diverged
  std::vector<Matrix> matrices;                 // what the arm's charts show as tables
  double number(const std::string& key) const;  // throws Error if missing
};

class Experiment {
public:
  // `settings`: values by name; missing ones take the default. Throws Error
  // naming an unknown setting (and the known ones) or a value out of range.
  Experiment(const std::string& id, const std::map<std::string, double>& settings);
  ~Experiment();
  Experiment(const Experiment&) = delete;
  Experiment& operator=(const Experiment&) = delete;

  bool done() const;
  // Runs at most one epoch of the current arm (a chunk of epochs for tiny
  // sets); when the last arm finishes, computes the verdict.
  void advance();
  // Runs to the end.
  void run();
  double progress() const;  // 0..1

  const ExperimentInfo& info() const;
  const std::map<std::string, double>& settings() const { return settings_; }
  const std::vector<ArmResult>& results() const { return results_; }
  std::vector<std::string> arm_names() const;
  const Verdict& verdict() const;  // throws Error before done()
  // The `glassbox lab ...` command that reproduces this run.
  std::string cli_command() const;

  // Chart points added since the last call, as JSON:
  // {"arms": [names], "points": [{"arm", "chart", "x", "y"}],
  //  "layers": [{"arm", "epoch", "names", "norms"}]}
  std::string take_events_json();
  // {id, settings, arms: [{name, numbers: {...}, order, diverged, divergence,
  //  matrices: [{title, rows, columns, values}]}], verdict, summary,
  //  filters?: {shape, values}}: what the CLI prints with --json and the page shows.
  std::string result_json() const;

  struct Plan;   // one arm's setup (lab.cpp)
  struct State;  // the running arm

private:
  void finish_arm();

  std::string id_;
  std::map<std::string, double> settings_;
  std::vector<Plan> plans_;
  std::unique_ptr<State> state_;
  std::size_t arm_ = 0;
  std::vector<ArmResult> results_;
  Verdict verdict_;
  bool done_ = false;
  std::vector<float> filters_;  // the CNN's first-layer filters (cnn-mlp)
  std::vector<std::size_t> filter_shape_;
  std::string events_;  // JSON array bodies, appended
  std::string layer_events_;
};

}  // namespace glassbox::lab
