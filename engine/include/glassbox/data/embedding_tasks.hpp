#pragma once
// Two embedding tasks, each a table of (input token, target token) pairs
// that a model embedding (V, D) → dense (V logits) learns with the sparse
// cross-entropy: a token's row of the table becomes its embedding.
//
// - "word-pairs", like wevi (Xin Rong's word embedding visual inspector,
//   2014): a 9-word vocabulary and its co-occurrence pairs, both ways (drink
//   with juice, milk, water; eat with apple, orange, rice, bread). Words
//   that share their contexts end up with similar rows: the drinks with the
//   drinks, the foods with the foods.
// - "characters": each letter of the Swadesh 100-word list (M. Swadesh,
//   "The Origin and Diversification of Language", 1971; the English glosses
//   as usually cited) with its neighbour letters (and '_' at a word's ends),
//   both ways, D = 2. Vowels and consonants alternate in English words, so
//   vowels share their contexts and cluster.
//
// `group` marks each symbol's kind (word-pairs: 0 verb, 1 drink, 2 food;
// characters: 1 vowel, 0 consonant or '_') for the tests and the page.
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/model/architecture.hpp"

namespace glassbox {

class Model;

struct EmbeddingTaskInfo {
  std::string name, teaches, source;
  std::vector<std::string> symbols;
  std::vector<int> group;
  std::vector<std::string> group_names;
  // The known-good default (tests hold it).
  std::size_t dimension = 2, batch_size = 16, steps = 300;
  float learning_rate = 0.05f;
};

struct EmbeddingTask {
  EmbeddingTaskInfo info;
  Dataset train;  // tokens (N, 1), labels (N, 1): every pair `repeats` times
};

// word-pairs, characters.
const std::vector<EmbeddingTaskInfo>& embedding_task_catalog();
// Throws Error listing the known names.
const EmbeddingTaskInfo& find_embedding_task(const std::string& name);
EmbeddingTask make_embedding_task(const std::string& name);
// The pairs themselves, as symbol indices (input, target), in order.
std::vector<std::pair<int, int>> embedding_task_pairs(const EmbeddingTaskInfo& info);
// embedding (V, dimension) → dense V, input one token.
Architecture embedding_architecture(const EmbeddingTaskInfo& info, std::size_t dimension);
// Trains the default model from `seed` (Adam) and returns its table (V, D).
std::vector<float> train_embedding_task(const EmbeddingTask& task, std::uint64_t seed,
                                        Model* model_out = nullptr);

// Mean cosine similarity, and mean Euclidean distance, over pairs of
// distinct rows within group `a`, and between rows of groups `a` and `b`.
struct GroupSimilarity {
  double within = 0.0, across = 0.0;
  double distance_within = 0.0, distance_across = 0.0;
};
GroupSimilarity group_similarity(const std::vector<float>& table, std::size_t features,
                                 const std::vector<int>& group, int a, int b);

}  // namespace glassbox
