#pragma once
// Models, known-good defaults and measured runs for the attention tasks
// (data/token_tasks.hpp).
//
// The model: embedding (V, D) → positional encoding → `layers` blocks → a
// dense layer to V logits per position. A block is the pre-LayerNorm
// transformer block (Residual[LayerNorm, Attention] then Residual[LayerNorm,
// Dense 4D, GELU, Dense D]) with a final LayerNorm before the logits, or, with
// `attention_only`, just Residual[Attention] (the induction-head setting of
// Olsson et al. 2022: no MLPs, no norms).
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/data/token_tasks.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

struct TokenModelOptions {
  std::size_t layers = 1, heads = 1, dimension = 32;
  std::string positional = "sinusoidal";  // "sinusoidal", "learned" or "none"
  bool attention_only = false;
};

struct TokenTrainOptions {
  float learning_rate = 3e-3f;  // Adam
  std::size_t batch_size = 32;
  std::size_t max_steps = 2000;
  std::size_t eval_every = 50;    // test accuracy is measured every this many steps
  double target_accuracy = 0.99;  // "solved": test accuracy at or above this
};

struct TokenTaskDefaults {
  TokenModelOptions model;
  TokenTrainOptions train;
};

// The pre-LN transformer block as two residual layer descriptions.
std::vector<LayerSpec> transformer_block(std::size_t dimension, std::size_t heads, bool causal);
Architecture token_architecture(const TokenTaskInfo& task, const TokenModelOptions& options);
// Known-good defaults per task (tests hold them to their targets).
TokenTaskDefaults token_task_defaults(const std::string& task);

// Mean attention mass on the aligned keys, over every labelled position with
// at least one aligned key, for the best (layer, head) of the model (each
// attention layer's "probabilities" internal, nested ones included). Runs a
// forward pass over `split`. Also gives which map won ("layers.2.body.1
// head 0").
struct AlignmentScore {
  double score = 0.0;
  std::string where;
  std::size_t layer = 0, head = 0;  // model layer, head within its map
  std::string internal;             // "probabilities", "body.1.probabilities"
};
AlignmentScore alignment_score(Model& model, const TokenSplit& split);

// Seed 003's example ("x = y + z", rename_example()) through a trained
// rename model: the greedy output (position 5 + k predicts target token k,
// which is fed back at 6 + k), and the weights of attention map `map` on the
// 10 input positions for each of the 5 predictions (5, 10), read from a last
// forward pass over the source and the decoded tokens.
struct RenameAttention {
  std::vector<std::string> output;  // the 5 predicted symbols
  std::vector<std::string> inputs;  // the 10 input symbols of the last pass
  std::vector<double> weights;      // (5, 10)
};
RenameAttention rename_attention(Model& model, const AlignmentScore& map);

struct TokenRun {
  double accuracy = 0.0;           // held-out, per labelled position
  std::size_t steps = 0;           // trained
  std::size_t steps_to_solve = 0;  // first evaluation at the target; 0 = never
  double alignment = 0.0;
  std::string alignment_where;
  float final_loss = 0.0f;  // held-out mean loss
  double milliseconds = 0.0;
};

// Trains a fresh model from `seed` (weights and shuffling) on task.train and
// measures it on task.test. Stops at the target (when stop_when_solved) or at
// max_steps. `model_out`, when given, receives the trained model.
TokenRun run_token_task(const TokenTask& task, const TokenModelOptions& model_options,
                        const TokenTrainOptions& train_options, std::uint64_t seed,
                        bool stop_when_solved = true, Model* model_out = nullptr);

}  // namespace glassbox
