// `glassbox compare optimizers`: the same network, problem and seeds, trained
// by each optimizer until the training loss falls below a target.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"
#include "problems.hpp"

namespace glassbox::cli {
namespace {

struct Contender {
  std::string optimizer;
  float learning_rate;
};

// Commonly used learning rates for each optimizer on small sigmoid networks.
const Contender contenders[] = {
    {"sgd", 0.5f}, {"momentum", 0.5f}, {"rmsprop", 0.01f}, {"adam", 0.01f}, {"adamw", 0.01f},
};

struct Run {
  bool reached = false, diverged = false;
  std::size_t epochs = 0;
  double milliseconds = 0.0;
  double final_loss = 0.0, final_error = 0.0;
};

Run run_once(const Problem& problem, const Contender& c, std::uint64_t seed,
             const CompareArgs& args) {
  const Architecture arch =
      Architecture::from_sizes(problem.arch, problem.activation, parse_loss(problem.loss));
  Model model(arch, seed);
  OptimizerOptions options;
  options.name = c.optimizer;
  options.learning_rate = c.learning_rate;
  if (c.optimizer == "adamw") options.weight_decay = 0.01f;
  auto optimizer = make_optimizer(options);
  Trainer trainer(model, *optimizer, problem.train,
                  {.batch_size = problem.batch_size, .shuffle_seed = seed});
  Run run;
  const auto start = std::chrono::steady_clock::now();
  try {
    while (run.epochs < args.max_epochs) {
      const StepStats stats = trainer.finish_epoch();
      ++run.epochs;
      if (stats.mean_loss < args.target_loss) {
        run.reached = true;
        break;
      }
    }
  } catch (const TrainingDiverged&) {
    run.diverged = true;
  }
  run.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const Evaluation result = evaluate(model, problem.test);
  run.final_loss = result.mean_loss;
  run.final_error = 1.0 - result.accuracy();
  return run;
}

double median(std::vector<double> values) {
  if (values.empty()) return 0.0;
  std::sort(values.begin(), values.end());
  const std::size_t n = values.size();
  return n % 2 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
}

}  // namespace

int compare(const CompareArgs& args) {
  if (args.what == "depth") return compare_depth(args);
  if (args.what == "cnn-mlp") return compare_cnn_mlp(args);
  if (args.what == "recurrent") return compare_recurrent(args);
  if (args.what == "attention") return compare_attention(args);
  if (args.what == "positional") return compare_positional(args);
  // The Lab's experiments that have no older MNIST comparison of the same name.
  for (const char* lab_only : {"activations", "overfitting", "stability", "early-stopping"})
    if (args.what == lab_only)
      return run_lab({.experiment = args.what, .settings = {}, .json = false});
  require(args.what == "optimizers",
          "unknown comparison '" + args.what +
              "'; use optimizers, depth, cnn-mlp, recurrent, attention, positional, activations, "
              "overfitting, stability or early-stopping");
  require(args.problem != "mnist",
          "compare optimizers runs on the small problems of `glassbox examples`, not mnist");
  const Problem problem = load_problem(args.problem, "");
  std::printf(
      "%s, %s %s network, %s loss, full batch; target: training loss < %g; "
      "%zu seeds, at most %zu epochs\n\n",
      args.problem.c_str(), problem.arch.c_str(), problem.activation.c_str(), problem.loss.c_str(),
      static_cast<double>(args.target_loss), args.seeds, args.max_epochs);
  std::printf("%-9s %6s %8s %16s %14s %11s %12s\n", "optimizer", "lr", "reached", "epochs (median)",
              "time (median)", "final loss", "final error");
  for (const Contender& c : contenders) {
    std::vector<double> epochs, times;
    double loss_sum = 0.0, error_sum = 0.0;
    std::size_t reached = 0, diverged = 0;
    for (std::size_t seed = 1; seed <= args.seeds; ++seed) {
      const Run run = run_once(problem, c, seed, args);
      loss_sum += run.final_loss;
      error_sum += run.final_error;
      diverged += run.diverged;
      if (!run.reached) continue;
      ++reached;
      epochs.push_back(static_cast<double>(run.epochs));
      times.push_back(run.milliseconds);
    }
    char reached_text[32], epochs_text[32], time_text[32];
    std::snprintf(reached_text, sizeof reached_text, "%zu/%zu", reached, args.seeds);
    std::snprintf(epochs_text, sizeof epochs_text, reached ? "%.0f" : "-", median(epochs));
    std::snprintf(time_text, sizeof time_text, reached ? "%.1f ms" : "-", median(times));
    std::printf("%-9s %6g %8s %16s %14s %11.4f %11.1f%%%s\n", c.optimizer.c_str(),
                static_cast<double>(c.learning_rate), reached_text, epochs_text, time_text,
                loss_sum / static_cast<double>(args.seeds),
                100.0 * error_sum / static_cast<double>(args.seeds),
                diverged ? " (some diverged)" : "");
  }
  return 0;
}

}  // namespace glassbox::cli
