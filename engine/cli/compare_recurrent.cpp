// `glassbox compare recurrent`: RNN, LSTM and GRU on one sequence task at
// several lengths, seeds 1..N each, with the gradient through time.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/train/sequence_run.hpp"

namespace glassbox::cli {
namespace {

std::vector<std::string> split_list(const std::string& text, const char* what) {
  std::vector<std::string> items;
  std::size_t start = 0;
  while (start <= text.size()) {
    const std::size_t comma = std::min(text.find(',', start), text.size());
    const std::string item = text.substr(start, comma - start);
    require(!item.empty(),
            std::string(what) + " must be a comma list without empty items, got '" + text + "'");
    items.push_back(item);
    start = comma + 1;
  }
  require(items.size() <= 16, std::string(what) + ": at most 16 items");
  return items;
}

std::size_t parse_length(const std::string& item) {
  require(item.size() <= 6 && item.find_first_not_of("0123456789") == std::string::npos,
          "--lengths must be whole numbers, got '" + item + "'");
  return static_cast<std::size_t>(std::stoul(item));
}

}  // namespace

int compare_recurrent(const CompareArgs& args) {
  const std::string task_name = args.task.empty() ? "adding" : args.task;
  const SequenceTaskInfo& task = find_sequence_task(task_name);
  std::vector<std::size_t> lengths;
  for (const auto& item : split_list(args.lengths, "--lengths")) {
    const std::size_t T = parse_length(item);
    require(T >= task.min_length && T <= task.max_length,
            task.name + " needs lengths in " + std::to_string(task.min_length) + ".." +
                std::to_string(task.max_length) + ", got " + std::to_string(T));
    lengths.push_back(T);
  }
  std::vector<CellKind> cells;
  for (const auto& item : split_list(args.cells, "--cells")) cells.push_back(parse_cell_kind(item));

  std::printf("%s: %s\n", task.name.c_str(), task.teaches.c_str());
  std::printf("metric: test %s; solved: %s; seeds 1..%zu (data and weights), Adam, clip-norm 1\n",
              task.regression ? "MSE" : "accuracy",
              task.regression ? "MSE <= 0.1 x baseline" : "accuracy >= 95%", args.seeds);
  std::printf(
      "grad ratio: mean ||dL/dh_1|| / mean ||dL/dh_T|| over 64 test sequences, at the "
      "initial weights -> after training\n"
      "standing: the mean metric against the baseline (solved; at baseline: MSE >= 0.9 x "
      "baseline, or accuracy at most a tenth of the way from the baseline to 1; learning)\n\n");
  std::printf("%-5s %6s %5s %6s %8s %10s %10s %22s %24s %8s  %s\n", "cell", "T", "units", "lr",
              "steps", task.regression ? "MSE" : "accuracy", "baseline", "steps to solve",
              "grad ratio", "time", "standing");
  for (CellKind cell : cells) {
    const CellDefaults& d = task.defaults(cell);
    for (std::size_t T : lengths) {
      double metric = 0.0, start_ratio = 0.0, end_ratio = 0.0, seconds = 0.0;
      std::vector<std::size_t> solved;
      SequenceRunResult last;
      for (std::size_t seed = 1; seed <= args.seeds; ++seed) {
        last = run_sequence_task({.task = task.name,
                                  .cell = cell,
                                  .length = T,
                                  .seed = seed,
                                  .steps = args.steps,
                                  .curriculum = args.curriculum});
        metric += last.metric;
        start_ratio += last.gradient_ratio_start;
        end_ratio += last.gradient_ratio_end;
        seconds += last.seconds;
        if (last.solved_at > 0) solved.push_back(last.solved_at);
      }
      const double n = static_cast<double>(args.seeds);
      char solve_text[64], ratio_text[64];
      if (solved.empty()) {
        std::snprintf(solve_text, sizeof solve_text, "failed (0/%zu)", args.seeds);
      } else {
        std::sort(solved.begin(), solved.end());
        std::snprintf(solve_text, sizeof solve_text, "%zu median (%zu/%zu)",
                      solved[solved.size() / 2], solved.size(), args.seeds);
      }
      std::snprintf(ratio_text, sizeof ratio_text, "%.2e -> %.2e", start_ratio / n, end_ratio / n);
      const std::string standing =
          sequence_standing_name(sequence_standing(task, metric / n, last.baseline));
      std::printf("%-5s %6zu %5zu %6g %8zu %10.4f %10.4f %22s %24s %7.1fs  %s\n",
                  cell_kind_name(cell).c_str(), T, last.units, static_cast<double>(d.learning_rate),
                  last.steps, metric / n, last.baseline, solve_text, ratio_text, seconds,
                  standing.c_str());
      std::fflush(stdout);
    }
  }
  return 0;
}

}  // namespace glassbox::cli
