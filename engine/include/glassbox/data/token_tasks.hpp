#pragma once
// Seeded sequence tasks for attention. Every task labels positions of one
// token sequence (T) with class ids (T), −1 where nothing is asked, so one
// model shape serves all: embedding → positional encoding → attention blocks
// → a dense layer to V logits per position, trained with the sparse
// cross-entropy.
//
// Seq2seq tasks (renaming) are decoder-only with the source as a prefix:
// [source, ':', target without its last token] predicts the target from
// ':' on, under a causal mask. That needs no cross-attention layer, the
// alignment is still a map from each target position to its source token,
// and it is how minGPT-style demos do it; the tasks whose output has the
// input's length (copy, reversal, sort) label the input positions directly.
//
// `aligned` marks, for each sample, query position t and key position j,
// whether j holds what position t must read (N, T, T): the alignment score is
// the attention mass on those keys.
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"

namespace glassbox {

struct TokenTaskInfo {
  std::string name;     // "reverse"
  std::string teaches;  // one sentence
  std::size_t vocabulary, tokens;
  bool causal;                       // the default model's mask
  std::vector<std::string> symbols;  // the token names, for printing
};

struct TokenSplit {
  Dataset data;                       // tokens (N, T), labels (N, T)
  std::vector<std::uint8_t> aligned;  // (N, T, T)
};

struct TokenTask {
  TokenTaskInfo info;
  TokenSplit train, test;
};

// copy, reverse, sort, rename, induction (in that order).
const std::vector<TokenTaskInfo>& token_task_catalog();
// Throws Error listing the known names.
const TokenTaskInfo& find_token_task(const std::string& name);
TokenTask make_token_task(const std::string& name, std::uint64_t seed,
                          std::size_t train_count = 2000, std::size_t test_count = 500);

// Seed 003's example as token ids of the rename task: "x = y + z :" and the
// labels of "a = b + c".
TokenSplit rename_example();

}  // namespace glassbox
