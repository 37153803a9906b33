// The Lab's sequence experiments, seed 003's examples 7, 9 and 10: RNN, LSTM
// and GRU on the adding problem (data/sequences.hpp), attention on the
// renaming task (data/token_tasks.hpp), and the token embeddings that the
// renaming model learns. Their verdict rules are in verdicts.cpp.
#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/data/sequences.hpp"
#include "glassbox/data/token_tasks.hpp"
#include "glassbox/train/sequence_run.hpp"
#include "glassbox/train/token_runs.hpp"
#include "plan.hpp"

namespace glassbox::lab {
namespace {

const Setting seed_setting{
    "seed", "Seed", "Draws the data, the initial weights and the batch order.", 1, 1, 1000, true};

using Plan = Experiment::Plan;

// The renaming task's symbols whose embeddings the embeddings experiment compares.
const std::vector<std::string> compared_symbols = {"x", "y", "z", "w", "a", "b",
                                                   "c", "d", "+", "-", "*"};

}  // namespace

std::vector<ExperimentInfo> sequence_catalog() {
  return {
      {"recurrence",
       7,
       "Recurrence: RNN, LSTM and GRU on long sequences",
       "Long Sequence (length=50): Vanilla RNN: Gradient vanishing, fails. LSTM: 47/50 correct. "
       "GRU: 48/50 correct.",
       "The adding problem (Hochreiter & Schmidhuber 1997): T steps of (value, marker); the "
       "target is 0.5 + (x₁ + x₂)/4 for the two marked values, so the network must keep them "
       "across the sequence and ignore the rest. 2,000 training and 500 test sequences; a cell "
       "of 16 units reads the sequence, a dense layer gives the answer; Adam, batch 32, "
       "gradients clipped at norm 1. \"Correct\": the absolute error is below 0.04, the "
       "original criterion. Solved: test MSE at most a tenth of the baseline (predicting the "
       "mean).",
       {seed_setting,
        {"length", "Length T", "Steps per sequence.", 50, 10, 100, true},
        {"lr", "Learning rate η", "Adam's step size, every cell.", 0.01, 1e-4, 0.1, false},
        {"epochs", "Epochs", "Epochs per cell (63 steps each).", 8, 1, 100, true}},
       {"loss", "test_mse"},
       60},
      {"attention",
       9,
       "Attention: renaming learns an alignment",
       "Input: \"x = y + z\", Output: \"a = b + c\". Attention weights when predicting 'a': x: "
       "0.95 (correctly focuses on 'x'), =: 0.02, y: 0.01, +: 0.01, z: 0.01. Attention learned "
       "alignment!",
       "Seed 003's renaming as a decoder: the input is the source, ':' and the target so far "
       "(\"x = y + z : a = b +\"), and from ':' on each position predicts the next target "
       "token, under a causal mask. 2,000 random training statements (x y z w renamed a b c d; "
       "+ - * kept), 500 held-out. One attention layer (1 head, D 32, learned positions, no "
       "MLP) on token embeddings, Adam, batch 32. Then seed 003's own statement goes through "
       "the trained model.",
       {seed_setting,
        {"lr", "Learning rate η", "Adam's step size.", 0.01, 1e-4, 0.1, false},
        {"epochs", "Epochs", "Epochs (63 steps each).", 16, 1, 100, true}},
       {"loss", "test_accuracy", "matrices"},
       30},
      {"embeddings",
       10,
       "Embeddings: what learned token vectors capture",
       "Similar words (cosine similarity): function ↔ def: 0.89, class ↔ struct: 0.92, int ↔ "
       "str: 0.71. Embeddings captured semantics!",
       "We have no code corpus, so we test the idea on the renaming task, where a and x are "
       "the same variable in two \"languages\" (as def and function are): the model of the "
       "attention experiment learns its 13 token vectors (D 32) from scratch, and we compare "
       "the cosine similarity of the renamed pairs (x ↔ a, y ↔ b, z ↔ c, w ↔ d) with that "
       "of unrelated variables (x ↔ b, …) and among the operators (+ - *), at the initial "
       "weights and after training.",
       {seed_setting,
        {"lr", "Learning rate η", "Adam's step size.", 0.01, 1e-4, 0.1, false},
        {"epochs", "Epochs", "Epochs (63 steps each).", 16, 1, 100, true}},
       {"loss", "test_accuracy", "matrices"},
       30},
  };
}

namespace {

// Share (%) of test samples whose single output is within `tolerance` of the target.
double within(Model& model, const Dataset& test, double tolerance) {
  model.set_training(false);
  const auto out = model.forward(test.inputs, test.count);
  std::size_t correct = 0;
  for (std::size_t i = 0; i < test.count; ++i)
    if (std::abs(static_cast<double>(out[i]) - test.targets[i]) < tolerance) ++correct;
  return 100.0 * static_cast<double>(correct) / static_cast<double>(test.count);
}

Plan token_plan(const std::string& name, const std::shared_ptr<const TokenTask>& task,
                const std::map<std::string, double>& s) {
  Plan p;
  p.name = name;
  p.model_seed = static_cast<std::uint64_t>(s.at("seed"));
  p.architecture = token_architecture(task->info, token_task_defaults(task->info.name).model);
  p.optimizer.name = "adam";
  p.optimizer.learning_rate = static_cast<float>(s.at("lr"));
  p.train.batch_size = 32;
  p.train.shuffle_seed = p.model_seed;
  p.train_data = std::shared_ptr<const Dataset>(task, &task->train.data);
  p.test_data = std::shared_ptr<const Dataset>(task, &task->test.data);
  p.epochs = static_cast<std::size_t>(s.at("epochs"));
  return p;
}

// cos(u, v) = u·v / (‖u‖ ‖v‖) of two rows of the embedding table (V, D).
double cosine(const float* table, std::size_t D, std::size_t i, std::size_t j) {
  double uv = 0.0, uu = 0.0, vv = 0.0;
  for (std::size_t k = 0; k < D; ++k) {
    const double u = table[i * D + k], v = table[j * D + k];
    uv += u * v, uu += u * u, vv += v * v;
  }
  return uu > 0.0 && vv > 0.0 ? uv / std::sqrt(uu * vv) : 0.0;
}

// The embeddings' cosine similarities: the three means the verdict reads,
// and the matrix over compared_symbols. `when`: "" after training, " at start".
void measure_embeddings(const Model& model, ArmResult& r, const std::string& when) {
  const TokenTaskInfo& info = find_token_task("rename");
  const NamedTensor weight = model.tensor(0, "weight");  // the embedding table (V, D)
  const std::size_t D = weight.shape.at(1);
  const float* table = model.parameters().data() + weight.offset;
  const auto id = [&](const std::string& symbol) {
    for (std::size_t i = 0; i < info.symbols.size(); ++i)
      if (info.symbols[i] == symbol) return i;
    throw Error("the rename task has no symbol '" + symbol + "'");
  };
  // x y z w are ids 0..3, their renamings a b c d are 4..7.
  double renamed = 0.0, unrelated = 0.0, operators = 0.0;
  for (std::size_t i = 0; i < 4; ++i)
    for (std::size_t j = 0; j < 4; ++j)
      (i == j ? renamed : unrelated) += cosine(table, D, i, 4 + j);
  const std::size_t plus = id("+"), minus = id("-"), times = id("*");
  operators = cosine(table, D, plus, minus) + cosine(table, D, plus, times) +
              cosine(table, D, minus, times);
  r.numbers.emplace_back("renamed pairs cos" + when, renamed / 4.0);
  r.numbers.emplace_back("unrelated pairs cos" + when, unrelated / 12.0);
  r.numbers.emplace_back("operators cos" + when, operators / 3.0);
  Matrix m;
  m.title = "Cosine similarity of the learned embeddings" +
            std::string(when.empty() ? " after training" : " at the initial weights");
  m.rows = m.columns = compared_symbols;
  for (const std::string& a : compared_symbols)
    for (const std::string& b : compared_symbols)
      m.values.push_back(cosine(table, D, id(a), id(b)));
  r.matrices.push_back(std::move(m));
}

}  // namespace

std::vector<Plan> recurrence(const std::map<std::string, double>& s) {
  const auto seed = static_cast<std::uint64_t>(s.at("seed"));
  const auto T = static_cast<std::size_t>(s.at("length"));
  auto data = std::make_shared<const SequenceData>(
      make_sequence_task("adding", {.seed = seed, .length = T}));
  std::vector<Plan> plans;
  for (const CellKind cell : {CellKind::rnn, CellKind::lstm, CellKind::gru}) {
    Plan p;
    p.name = cell == CellKind::rnn ? "RNN" : cell == CellKind::lstm ? "LSTM" : "GRU";
    p.model_seed = seed;
    p.architecture = Architecture::from_json(sequence_architecture("adding", cell, 16, T));
    p.optimizer.name = "adam";
    p.optimizer.learning_rate = static_cast<float>(s.at("lr"));
    p.train = {.batch_size = 32, .shuffle_seed = seed, .clip_norm = 1.0f};
    p.train_data = std::shared_ptr<const Dataset>(data, &data->train);
    p.test_data = std::shared_ptr<const Dataset>(data, &data->test);
    p.epochs = static_cast<std::size_t>(s.at("epochs"));
    p.regression = true;
    // ‖∂L/∂h₁‖ / ‖∂L/∂h_T‖: how much of the loss's gradient reaches the first step.
    p.measure_start = [data](Model& model, ArmResult& r) {
      r.numbers.emplace_back("gradient ratio h1/hT at start", gradient_ratio(model, *data));
    };
    p.measure_end = [data, T](Model& model, ArmResult& r) {
      r.numbers.emplace_back("baseline MSE", sequence_baseline("adding", T));
      r.numbers.emplace_back("correct (|error| < 0.04) %", within(model, data->test, 0.04));
      r.numbers.emplace_back("gradient ratio h1/hT", gradient_ratio(model, *data));
    };
    plans.push_back(std::move(p));
  }
  return plans;
}

std::vector<Plan> attention(const std::map<std::string, double>& s) {
  const auto task = std::make_shared<const TokenTask>(
      make_token_task("rename", static_cast<std::uint64_t>(s.at("seed"))));
  Plan p = token_plan("1 attention layer", task, s);
  p.measure_end = [task](Model& model, ArmResult& r) {
    const AlignmentScore map = alignment_score(model, task->test);
    r.numbers.emplace_back("alignment", map.score);
    const RenameAttention example = rename_attention(model, map);
    const std::size_t T = example.inputs.size();
    std::string output;
    for (const std::string& symbol : example.output) output += symbol;
    r.numbers.emplace_back("example output right", output == "a=b+c" ? 1.0 : 0.0);
    r.numbers.emplace_back("weight on x predicting a", example.weights.at(0));
    double best_other = 0.0;
    for (std::size_t j = 1; j < T; ++j) best_other = std::max(best_other, example.weights.at(j));
    r.numbers.emplace_back("largest other weight predicting a", best_other);
    Matrix m;
    m.title = "Attention weights on seed 003's example (" + map.where + ")";
    const std::string targets[5] = {"a", "=", "b", "+", "c"};
    for (std::size_t k = 0; k < 5; ++k)
      m.rows.push_back("predicting " + targets[k] + " (output " + example.output[k] + ")");
    m.columns = example.inputs;
    m.values = example.weights;
    r.matrices.push_back(std::move(m));
  };
  return {std::move(p)};
}

std::vector<Plan> embeddings(const std::map<std::string, double>& s) {
  const auto task = std::make_shared<const TokenTask>(
      make_token_task("rename", static_cast<std::uint64_t>(s.at("seed"))));
  Plan p = token_plan("renaming model", task, s);
  p.measure_start = [](Model& model, ArmResult& r) { measure_embeddings(model, r, " at start"); };
  p.measure_end = [](Model& model, ArmResult& r) { measure_embeddings(model, r, ""); };
  return {std::move(p)};
}

}  // namespace glassbox::lab
