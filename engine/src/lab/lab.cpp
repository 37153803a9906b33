// The lab's runner: trains each arm of an experiment epoch by epoch, records
// the chart points and the measured numbers, then asks judge() for the verdict.
#include "glassbox/lab/lab.hpp"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <optional>

#include "glassbox/core/error.hpp"
#include "glassbox/inspect/inspect.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/early_stopping.hpp"
#include "glassbox/train/metrics.hpp"
#include "plan.hpp"

namespace glassbox::lab {

using nlohmann::json;

std::string format(const char* pattern, double value) {
  char text[64];
  std::snprintf(text, sizeof text, pattern, value);
  return text;
}

double ArmResult::number(const std::string& key) const {
  for (const auto& [name, value] : numbers)
    if (name == key) return value;
  throw Error("arm '" + name + "' has no number '" + key + "'");
}

const ExperimentInfo& find_experiment(const std::string& id) {
  std::string known;
  for (const ExperimentInfo& info : catalog()) {
    if (info.id == id) return info;
    known += (known.empty() ? "" : ", ") + info.id;
  }
  throw Error("unknown experiment '" + id + "'; the lab has: " + known);
}

std::string catalog_json() {
  json out = json::array();
  for (const ExperimentInfo& info : catalog()) {
    json settings = json::array();
    for (const Setting& s : info.settings)
      settings.push_back({{"name", s.name},
                          {"label", s.label},
                          {"help", s.help},
                          {"value", s.value},
                          {"min", s.min},
                          {"max", s.max},
                          {"whole", s.whole}});
    out.push_back({{"id", info.id},
                   {"example", info.example},
                   {"title", info.title},
                   {"claim", info.claim},
                   {"setup", info.setup},
                   {"charts", info.charts},
                   {"browserSeconds", info.browser_seconds},
                   {"settings", settings}});
  }
  return out.dump();
}

struct Experiment::State {
  std::optional<Model> model;
  std::unique_ptr<Optimizer> optimizer;
  std::unique_ptr<Trainer> trainer;
  std::optional<EarlyStopping> stopping;
  std::size_t epochs = 0, reached = 0;
  double milliseconds = 0.0;
  float last_loss = 0.0f;
  bool finished = false, diverged = false;
  std::string divergence;
  ArmResult at_start;  // plan.measure_start's numbers
};

Experiment::Experiment(const std::string& id, const std::map<std::string, double>& settings)
    : id_(id) {
  const ExperimentInfo& info = find_experiment(id);
  for (const auto& [name, value] : settings) {
    const Setting* found = nullptr;
    std::string known;
    for (const Setting& s : info.settings) {
      if (s.name == name) found = &s;
      known += (known.empty() ? "" : ", ") + s.name;
    }
    require(found != nullptr,
            "experiment '" + id + "' has no setting '" + name + "'; its settings are: " + known);
    require(std::isfinite(value) && value >= found->min && value <= found->max &&
                (!found->whole || value == std::floor(value)),
            "setting '" + name + "' must be " + (found->whole ? "a whole number" : "a number") +
                " in [" + format("%g", found->min) + ", " + format("%g", found->max) + "], got " +
                format("%g", value));
  }
  for (const Setting& s : info.settings) {
    const auto given = settings.find(s.name);
    settings_[s.name] = given == settings.end() ? s.value : given->second;
  }
  plans_ = make_plans(id_, settings_);
}

Experiment::~Experiment() = default;

const ExperimentInfo& Experiment::info() const {
  return find_experiment(id_);
}

bool Experiment::done() const {
  return done_;
}

std::vector<std::string> Experiment::arm_names() const {
  std::vector<std::string> names;
  for (const Plan& p : plans_) names.push_back(p.name);
  return names;
}

double Experiment::progress() const {
  if (done_) return 1.0;
  double within = 0.0;
  if (state_) within = static_cast<double>(state_->epochs) / plans_[arm_].epochs;
  return (static_cast<double>(arm_) + within) / plans_.size();
}

const Verdict& Experiment::verdict() const {
  require(done_, "the experiment has not finished yet");
  return verdict_;
}

std::string Experiment::cli_command() const {
  std::string line = "glassbox lab " + id_;
  for (const Setting& s : info().settings) {
    const double value = settings_.at(s.name);
    if (value != s.value) line += " --set " + s.name + "=" + format("%g", value);
  }
  return line;
}

namespace {

void add_point(std::string& events, std::size_t arm, const char* chart, double x, double y) {
  if (!std::isfinite(y)) return;
  json point = {{"arm", arm}, {"chart", chart}, {"x", x}, {"y", y}};
  events += (events.empty() ? "" : ",") + point.dump();
}

bool wants(const ExperimentInfo& info, const std::string& chart) {
  for (const std::string& c : info.charts)
    if (c == chart) return true;
  return false;
}

}  // namespace

void Experiment::advance() {
  if (done_) return;
  const Plan& plan = plans_[arm_];
  const ExperimentInfo& about = info();
  if (!state_) {
    state_ = std::make_unique<State>();
    State& s = *state_;
    s.model.emplace(plan.architecture, plan.model_seed);
    s.optimizer = make_optimizer(plan.optimizer);
    s.trainer = std::make_unique<Trainer>(*s.model, *s.optimizer, *plan.train_data, plan.train);
    if (plan.patience > 0) s.stopping.emplace(plan.patience, 0.0f, true);
    if (plan.measure_start) plan.measure_start(*s.model, s.at_start);
  }
  State& s = *state_;
  for (std::size_t k = 0; k < plan.epochs_per_advance && !s.finished; ++k) {
    const auto start = std::chrono::steady_clock::now();
    try {
      s.last_loss = s.trainer->finish_epoch().mean_loss;
    } catch (const TrainingDiverged& e) {
      s.diverged = true;
      s.divergence = e.what();
      s.finished = true;
    }
    s.milliseconds +=
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    if (s.diverged) break;
    ++s.epochs;
    const double x = static_cast<double>(s.epochs);
    if (wants(about, plan.loss_chart))
      add_point(events_, arm_, plan.loss_chart.c_str(), x, s.last_loss);
    if (wants(about, "test_accuracy"))
      add_point(events_, arm_, "test_accuracy", x,
                100.0 * evaluate(*s.model, *plan.test_data).accuracy());
    if (wants(about, "test_mse"))
      add_point(events_, arm_, "test_mse", x, evaluate(*s.model, *plan.test_data).mean_loss);
    if (wants(about, "train_accuracy"))
      add_point(events_, arm_, "train_accuracy", x,
                100.0 * evaluate(*s.model, *plan.train_data).accuracy());
    if (plan.validation_data) {
      const float validation = evaluate(*s.model, *plan.validation_data).mean_loss;
      add_point(events_, arm_, "validation_loss", x, validation);
      if (s.stopping && s.stopping->update(validation, *s.model)) s.finished = true;
    }
    if (wants(about, "gradient_norms")) {
      json names = json::array(), norms = json::array();
      for (const GradientNorm& g : weight_gradient_norms(*s.model)) {
        names.push_back(g.name);
        norms.push_back(g.norm);
      }
      json layers = {{"arm", arm_}, {"epoch", s.epochs}, {"names", names}, {"norms", norms}};
      layer_events_ += (layer_events_.empty() ? "" : ",") + layers.dump();
    }
    if (plan.target_loss > 0.0f && s.last_loss < plan.target_loss) {
      s.reached = s.epochs;
      s.finished = true;
    }
    if (s.epochs >= plan.epochs) s.finished = true;
  }
  if (s.finished) finish_arm();
}

void Experiment::finish_arm() {
  const Plan& plan = plans_[arm_];
  State& s = *state_;
  ArmResult r;
  r.name = plan.name;
  r.diverged = s.diverged;
  r.divergence = s.divergence;
  const Evaluation test = evaluate(*s.model, *plan.test_data);
  const Evaluation train = evaluate(*s.model, *plan.train_data);
  r.numbers.emplace_back("parameters", static_cast<double>(s.model->parameters().size()));
  r.numbers.emplace_back("epochs", static_cast<double>(s.epochs));
  if (plan.target_loss > 0.0f) {
    r.numbers.emplace_back("epochs to target", s.reached ? static_cast<double>(s.reached) : -1.0);
    // Wall-clock training time until the target (the arm stops there): −1 when not reached.
    r.numbers.emplace_back("time to target ms", s.reached ? s.milliseconds : -1.0);
  }
  if (s.stopping)
    r.numbers.emplace_back("best epoch", static_cast<double>(s.stopping->best_evaluation()));
  if (plan.regression) {
    r.numbers.emplace_back("train MSE", train.mean_loss);
    r.numbers.emplace_back("test MSE", test.mean_loss);
  } else {
    r.numbers.emplace_back("train loss", train.mean_loss);
    r.numbers.emplace_back("train accuracy %", 100.0 * train.accuracy());
    r.numbers.emplace_back("test accuracy %", 100.0 * test.accuracy());
  }
  if (wants(info(), "gradient_norms")) {
    const auto norms = weight_gradient_norms(*s.model);
    if (!norms.empty()) {
      r.numbers.emplace_back("first-layer gradient norm", norms.front().norm);
      r.numbers.emplace_back("last-layer gradient norm", norms.back().norm);
    }
  }
  if (plan.measure_end) plan.measure_end(*s.model, r);
  for (auto& number : s.at_start.numbers) r.numbers.push_back(std::move(number));
  for (auto& matrix : s.at_start.matrices) r.matrices.push_back(std::move(matrix));
  r.numbers.emplace_back("time ms", s.milliseconds);
  if (plan.keep_filters) {
    const NamedTensor weight = s.model->tensor(0, "weight");
    filter_shape_.assign(weight.shape.begin(), weight.shape.end());
    const auto params = s.model->parameters();
    filters_.assign(
        params.begin() + static_cast<std::ptrdiff_t>(weight.offset),
        params.begin() + static_cast<std::ptrdiff_t>(weight.offset + element_count(weight.shape)));
  }
  results_.push_back(std::move(r));
  state_.reset();
  if (++arm_ == plans_.size()) {
    verdict_ = judge(id_, results_, settings_);
    done_ = true;
  }
}

void Experiment::run() {
  while (!done_) advance();
}

std::string Experiment::take_events_json() {
  std::string out = "{\"arms\":" + json(arm_names()).dump() + ",\"points\":[" + events_ +
                    "],\"layers\":[" + layer_events_ + "]}";
  events_.clear();
  layer_events_.clear();
  return out;
}

std::string Experiment::result_json() const {
  json arms = json::array();
  for (const ArmResult& r : results_) {
    json numbers = json::object();
    json order = json::array();
    for (const auto& [key, value] : r.numbers) {
      numbers[key] = value;
      order.push_back(key);
    }
    json matrices = json::array();
    for (const Matrix& m : r.matrices)
      matrices.push_back(
          {{"title", m.title}, {"rows", m.rows}, {"columns", m.columns}, {"values", m.values}});
    arms.push_back({{"name", r.name},
                    {"numbers", numbers},
                    {"order", order},
                    {"diverged", r.diverged},
                    {"divergence", r.divergence},
                    {"matrices", matrices}});
  }
  json out = {{"id", id_},           {"settings", settings_},       {"arms", arms},
              {"done", done_},       {"verdict", verdict_.verdict}, {"summary", verdict_.summary},
              {"cli", cli_command()}};
  if (!filters_.empty()) out["filters"] = {{"shape", filter_shape_}, {"values", filters_}};
  return out.dump();
}

}  // namespace glassbox::lab
