#include "glassbox/train/token_runs.hpp"

#include <algorithm>
#include <chrono>

#include "glassbox/core/error.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox {
namespace {

LayerSpec attention_spec(std::size_t heads, bool causal) {
  return {"attention", {{"heads", static_cast<double>(heads)}, {"causal", causal ? 1.0 : 0.0}}};
}

}  // namespace

std::vector<LayerSpec> transformer_block(std::size_t dimension, std::size_t heads, bool causal) {
  LayerSpec attend{"residual", {}, {{"layernorm"}, attention_spec(heads, causal)}};
  LayerSpec mlp{"residual",
                {},
                {{"layernorm"},
                 {"dense", {{"units", static_cast<double>(4 * dimension)}, {"init", "xavier"}}},
                 {"gelu"},
                 {"dense", {{"units", static_cast<double>(dimension)}, {"init", "xavier"}}}}};
  return {attend, mlp};
}

Architecture token_architecture(const TokenTaskInfo& task, const TokenModelOptions& o) {
  require(o.positional == "sinusoidal" || o.positional == "learned" || o.positional == "none",
          "positional encoding '" + o.positional + "' is not one of: sinusoidal, learned, none");
  Architecture arch;
  arch.input = {task.tokens};
  arch.vocabulary = task.vocabulary;
  arch.layers.push_back({"embedding",
                         {{"vocabulary", static_cast<double>(task.vocabulary)},
                          {"dimension", static_cast<double>(o.dimension)}}});
  if (o.positional != "none")
    arch.layers.push_back({"positional_encoding", {{"kind", o.positional}}});
  for (std::size_t l = 0; l < o.layers; ++l) {
    if (o.attention_only) {
      arch.layers.push_back({"residual", {}, {attention_spec(o.heads, task.causal)}});
    } else {
      for (auto& block : transformer_block(o.dimension, o.heads, task.causal))
        arch.layers.push_back(std::move(block));
    }
  }
  if (!o.attention_only) arch.layers.push_back({"layernorm"});
  arch.layers.push_back(
      {"dense", {{"units", static_cast<double>(task.vocabulary)}, {"init", "xavier"}}});
  arch.validate();
  return arch;
}

// Measured with seed 1 (compare attention, 2026-12-01): learned positions
// give sharp one-position maps within a few hundred steps (sinusoidal ones
// solve the tasks too, with blurrier maps: compare positional); the induction
// pair trains more slowly and needs the smaller learning rate.
TokenTaskDefaults token_task_defaults(const std::string& task) {
  find_token_task(task);  // throws for an unknown name
  TokenTaskDefaults d;
  d.train = {.learning_rate = 1e-2f, .max_steps = 1000};
  if (task == "sort") {
    // Counting needs the MLP: a full pre-LN block, two heads.
    d.model = {.layers = 1, .heads = 2, .dimension = 32, .positional = "sinusoidal"};
  } else if (task == "induction") {
    d.model = {.layers = 2,
               .heads = 1,
               .dimension = 32,
               .positional = "sinusoidal",
               .attention_only = true};
    d.train.learning_rate = 3e-3f;
  } else {
    // copy, reverse, rename: the answer must come through attention (no MLP).
    d.model = {
        .layers = 1, .heads = 1, .dimension = 32, .positional = "learned", .attention_only = true};
  }
  return d;
}

AlignmentScore alignment_score(Model& model, const TokenSplit& split) {
  const Dataset& data = split.data;
  const std::size_t T = data.input_size;
  std::vector<float> inputs(data.count * T);
  for (std::size_t i = 0; i < data.count; ++i)
    data.copy_inputs(i, std::span<float>(inputs).subspan(i * T, T));
  model.set_training(false);
  model.forward(inputs, data.count);
  AlignmentScore best;
  bool any = false;
  for (std::size_t l = 0; l < model.layer_count(); ++l) {
    for (const Internal& in : model.internals(l)) {
      const std::string suffix = "probabilities";
      if (in.name.size() < suffix.size() ||
          in.name.compare(in.name.size() - suffix.size(), suffix.size(), suffix) != 0)
        continue;
      const std::size_t heads = in.shape[0];
      for (std::size_t h = 0; h < heads; ++h) {
        double mass = 0.0;
        std::size_t counted = 0;
        for (std::size_t n = 0; n < data.count; ++n)
          for (std::size_t t = 0; t < T; ++t) {
            if (data.labels[n * T + t] < 0) continue;
            const float* row = in.values.data() + ((n * heads + h) * T + t) * T;
            const std::uint8_t* want = split.aligned.data() + (n * T + t) * T;
            double sum = 0.0;
            bool has_key = false;
            for (std::size_t j = 0; j < T; ++j)
              if (want[j]) sum += row[j], has_key = true;
            if (!has_key) continue;
            mass += sum;
            ++counted;
          }
        const double score = counted ? mass / static_cast<double>(counted) : 0.0;
        if (!any || score > best.score) {
          // "body.1.probabilities" → "layer 2 body.1 head 0"
          std::string where = "layer " + std::to_string(l);
          if (in.name.size() > suffix.size()) {
            where += ' ';
            where.append(in.name, 0, in.name.size() - suffix.size() - 1);
          }
          where += " head " + std::to_string(h);
          best = {score, where, l, h, in.name};
          any = true;
        }
      }
    }
  }
  return best;
}

RenameAttention rename_attention(Model& model, const AlignmentScore& map) {
  const TokenTaskInfo& info = find_token_task("rename");
  const std::size_t T = info.tokens, V = info.vocabulary, source = 5;
  const TokenSplit example = rename_example();
  std::vector<float> tokens(example.data.tokens.begin(), example.data.tokens.end());
  RenameAttention out;
  model.set_training(false);
  for (std::size_t k = 0; k < source; ++k) {
    const auto logits = model.forward(tokens, 1);
    const float* row = logits.data() + (source + k) * V;
    const auto best = static_cast<std::size_t>(std::max_element(row, row + V) - row);
    out.output.push_back(info.symbols[best]);
    if (k + 1 < source) tokens[source + 1 + k] = static_cast<float>(best);
  }
  model.forward(tokens, 1);
  const Internal* probs = nullptr;
  const auto internals = model.internals(map.layer);
  for (const auto& in : internals)
    if (in.name == map.internal) probs = &in;
  require(probs != nullptr, "the rename model has no attention map " + map.internal);
  for (const float t : tokens) out.inputs.push_back(info.symbols[static_cast<std::size_t>(t)]);
  for (std::size_t k = 0; k < source; ++k) {
    const float* row = probs->values.data() + (map.head * T + source + k) * T;
    out.weights.insert(out.weights.end(), row, row + T);
  }
  return out;
}

TokenRun run_token_task(const TokenTask& task, const TokenModelOptions& model_options,
                        const TokenTrainOptions& o, std::uint64_t seed, bool stop_when_solved,
                        Model* model_out) {
  require(o.eval_every >= 1 && o.max_steps >= 1 && o.batch_size >= 1,
          "a sequence run needs max_steps, eval_every and batch_size of 1 or more");
  Model model(token_architecture(task.info, model_options), seed);
  Adam adam(o.learning_rate);
  Trainer trainer(model, adam, task.train.data, {.batch_size = o.batch_size, .shuffle_seed = seed});
  TokenRun run;
  const auto start = std::chrono::steady_clock::now();
  while (run.steps < o.max_steps) {
    const std::size_t n = std::min(o.eval_every, o.max_steps - run.steps);
    model.set_training(true);
    trainer.step(n);
    run.steps += n;
    model.set_training(false);
    const Evaluation result = evaluate(model, task.test.data);
    run.accuracy = result.accuracy();
    run.final_loss = result.mean_loss;
    if (run.steps_to_solve == 0 && run.accuracy >= o.target_accuracy) {
      run.steps_to_solve = run.steps;
      if (stop_when_solved) break;
    }
  }
  run.milliseconds =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  const AlignmentScore align = alignment_score(model, task.test);
  run.alignment = align.score;
  run.alignment_where = align.where;
  if (model_out) *model_out = std::move(model);
  return run;
}

}  // namespace glassbox
