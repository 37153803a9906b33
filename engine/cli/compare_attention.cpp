// `glassbox compare attention`: each sequence task trained with its default
// model until solved; accuracy, steps to solve and the alignment score.
// `glassbox compare positional --task reverse`: the same task and seed with
// no positional encoding, sinusoidal and learned.
#include <algorithm>
#include <cstdio>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/train/token_runs.hpp"

namespace glassbox::cli {
namespace {

std::string describe(const TokenModelOptions& m, const TokenTrainOptions& o, bool causal) {
  char text[200];
  std::snprintf(text, sizeof text, "%zu %s layer%s, %zu head%s, D %zu, %s PE%s, lr %g", m.layers,
                m.attention_only ? "attention-only" : "transformer", m.layers == 1 ? "" : "s",
                m.heads, m.heads == 1 ? "" : "s", m.dimension, m.positional.c_str(),
                causal ? ", causal" : "", static_cast<double>(o.learning_rate));
  return text;
}

void print_header() {
  std::printf("%-22s %9s %15s %9s %10s %9s  %s\n", "task", "accuracy", "steps to solve", "trained",
              "alignment", "time", "model; best-aligned map");
}

void print_row(const std::string& label, const TokenRun& run, const std::string& model) {
  char solved[32];
  std::snprintf(solved, sizeof solved, run.steps_to_solve ? "%zu" : "not solved",
                run.steps_to_solve);
  std::printf("%-22s %8.2f%% %15s %9zu %10.3f %7.1f s  %s; %s\n", label.c_str(),
              100.0 * run.accuracy, solved, run.steps, run.alignment, run.milliseconds / 1000.0,
              model.c_str(), run.alignment_where.c_str());
}

TokenTrainOptions train_options(const std::string& task, const CompareArgs& args) {
  TokenTrainOptions o = token_task_defaults(task).train;
  if (args.max_steps) o.max_steps = args.max_steps;
  return o;
}

// Seed 003's example through the trained rename model: the weights of the
// best-aligned map on each source token, for each predicted token (greedy).
void print_rename_example(Model& model, const AlignmentScore& map) {
  const RenameAttention example = rename_attention(model, map);
  std::string output;
  for (const std::string& symbol : example.output) output += (output.empty() ? "" : " ") + symbol;
  std::printf("\nSeed 003's example through the trained rename model (%s):\n", map.where.c_str());
  std::printf("  Input:  x = y + z\n  Output: %s   (greedy decoding)\n", output.c_str());
  std::printf("  Attention weights on the source when predicting each output token:\n");
  std::printf("  %-10s %6s %6s %6s %6s %6s %8s\n", "predicting", "x", "=", "y", "+", "z", "others");
  const std::size_t T = example.inputs.size();
  const std::string targets[5] = {"a", "=", "b", "+", "c"};
  for (std::size_t k = 0; k < 5; ++k) {
    const double* row = example.weights.data() + k * T;
    double source = 0.0;
    std::printf("  %-10s", ("'" + targets[k] + "'").c_str());
    for (std::size_t j = 0; j < 5; ++j) {
      std::printf(" %6.3f", row[j]);
      source += row[j];
    }
    std::printf(" %8.3f\n", std::max(0.0, 1.0 - source));  // no "-0.000"
  }
}

}  // namespace

int compare_attention(const CompareArgs& args) {
  std::vector<std::string> tasks;
  if (!args.task.empty()) {
    tasks.push_back(find_token_task(args.task).name);
  } else {
    for (const auto& t : token_task_catalog()) tasks.push_back(t.name);
  }
  std::printf(
      "Attention tasks, seed %llu: 2000 training and 500 held-out sequences each, Adam (lr in "
      "the model column), batch 32, trained for the task's step budget; "
      "accuracy per labelled position on the held-out set; solved = accuracy at or above the "
      "target; alignment = mean attention mass on the correct source position(s), best "
      "(layer, head)\n\n",
      static_cast<unsigned long long>(args.seed));
  print_header();
  for (const auto& name : tasks) {
    const TokenTask task = make_token_task(name, args.seed);
    const TokenTaskDefaults d = token_task_defaults(name);
    const TokenTrainOptions o = train_options(name, args);
    Model model(token_architecture(task.info, d.model), args.seed);
    const bool induction = name == "induction";
    // Every run trains its full budget (steps to solve is read on the way),
    // so the induction pair is compared at the same step.
    const TokenRun run = run_token_task(task, d.model, o, args.seed, false, &model);
    print_row(name, run, describe(d.model, o, task.info.causal));
    if (induction) {
      TokenModelOptions shallow = d.model;
      shallow.layers = 1;
      const TokenRun one = run_token_task(task, shallow, o, args.seed, false);
      print_row("induction (1 layer)", one, describe(shallow, o, task.info.causal));
      std::printf("  held-out loss at step %zu: 2 layers %.4f, 1 layer %.4f\n", o.max_steps,
                  static_cast<double>(run.final_loss), static_cast<double>(one.final_loss));
    }
    if (name == "rename") print_rename_example(model, alignment_score(model, task.test));
  }
  return 0;
}

int compare_positional(const CompareArgs& args) {
  const std::string name = args.task.empty() ? "reverse" : args.task;
  const TokenTask task = make_token_task(name, args.seed);
  const TokenTrainOptions o = train_options(name, args);
  std::printf(
      "%s, seed %llu: the same data, weights seed and steps (at most %zu); only the positional "
      "encoding differs\n\n",
      name.c_str(), static_cast<unsigned long long>(args.seed), o.max_steps);
  print_header();
  for (const std::string kind : {"none", "sinusoidal", "learned"}) {
    TokenModelOptions m = token_task_defaults(name).model;
    m.positional = kind;
    const TokenRun run = run_token_task(task, m, o, args.seed, false);
    print_row(name + " (" + kind + ")", run, describe(m, o, task.info.causal));
  }
  return 0;
}

}  // namespace glassbox::cli
