#include "glassbox/data/embedding_tasks.hpp"

#include <algorithm>
#include <cmath>
#include <set>

#include "glassbox/core/error.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox {
namespace {

constexpr std::size_t repeats = 8;  // each pair's copies in the training set

// Swadesh's 100-word list (1971), English glosses.
const char* const swadesh_100[] = {
    "i",     "you",   "we",    "this",  "that",     "who",    "what",  "not",    "all",
    "many",  "one",   "two",   "big",   "long",     "small",  "woman", "man",    "person",
    "fish",  "bird",  "dog",   "louse", "tree",     "seed",   "leaf",  "root",   "bark",
    "skin",  "flesh", "blood", "bone",  "grease",   "egg",    "horn",  "tail",   "feather",
    "hair",  "head",  "ear",   "eye",   "nose",     "mouth",  "tooth", "tongue", "claw",
    "foot",  "knee",  "hand",  "belly", "neck",     "breast", "heart", "liver",  "drink",
    "eat",   "bite",  "see",   "hear",  "know",     "sleep",  "die",   "kill",   "swim",
    "fly",   "walk",  "come",  "lie",   "sit",      "stand",  "give",  "say",    "sun",
    "moon",  "star",  "water", "rain",  "stone",    "sand",   "earth", "cloud",  "smoke",
    "fire",  "ash",   "burn",  "path",  "mountain", "red",    "green", "yellow", "white",
    "black", "night", "hot",   "cold",  "full",     "new",    "good",  "round",  "dry",
    "name"};

const std::vector<std::string> word_symbols = {"drink", "eat",    "juice", "milk", "water",
                                               "apple", "orange", "rice",  "bread"};
const std::vector<std::pair<int, int>> word_pairs = {{0, 2}, {0, 3}, {0, 4}, {1, 5},
                                                     {1, 6}, {1, 7}, {1, 8}};

std::vector<std::string> letters_of_list() {
  std::set<char> seen;
  for (const char* word : swadesh_100)
    for (const char* c = word; *c; ++c) seen.insert(*c);
  std::vector<std::string> out = {"_"};
  for (const char c : seen) out.emplace_back(1, c);
  return out;
}

EmbeddingTaskInfo characters_info() {
  EmbeddingTaskInfo info{
      .name = "characters",
      .teaches =
          "Each letter of a small word list predicts its neighbour letters; with only 2 "
          "numbers per letter, the vowels end up together, because they share their "
          "neighbours (consonants).",
      .source =
          "M. Swadesh, The Origin and Diversification of Language (1971): the 100-word "
          "list, English glosses",
      .symbols = letters_of_list(),
      .group = {},
      .group_names = {"consonant or word end", "vowel"},
      .dimension = 2,
      .batch_size = 16,
      .steps = 2000,
      .learning_rate = 0.01f};
  for (const auto& s : info.symbols)
    info.group.push_back(std::string("aeiou").find(s[0]) != std::string::npos ? 1 : 0);
  return info;
}

}  // namespace

const std::vector<EmbeddingTaskInfo>& embedding_task_catalog() {
  static const std::vector<EmbeddingTaskInfo> catalog = {
      {.name = "word-pairs",
       .teaches = "Words that appear with the same words get similar embeddings: juice, milk and "
                  "water all go with 'drink', so their rows end up close (like wevi).",
       .source = "in the spirit of wevi's default data (Xin Rong, wevi: word embedding visual "
                 "inspector, 2014); our own 9-word list",
       .symbols = word_symbols,
       .group = {0, 0, 1, 1, 1, 2, 2, 2, 2},
       .group_names = {"verb", "drink", "food"},
       .dimension = 2,
       .batch_size = 16,
       .steps = 300,
       .learning_rate = 0.01f},
      characters_info(),
  };
  return catalog;
}

const EmbeddingTaskInfo& find_embedding_task(const std::string& name) {
  for (const auto& t : embedding_task_catalog())
    if (t.name == name) return t;
  std::string known;
  for (const auto& t : embedding_task_catalog()) known += (known.empty() ? "" : ", ") + t.name;
  throw Error("unknown embedding task '" + name + "'; known: " + known);
}

std::vector<std::pair<int, int>> embedding_task_pairs(const EmbeddingTaskInfo& info) {
  std::vector<std::pair<int, int>> pairs;
  if (info.name == "word-pairs") {
    for (const auto& [a, b] : word_pairs) {
      pairs.emplace_back(a, b);
      pairs.emplace_back(b, a);
    }
    return pairs;
  }
  const auto id = [&](char c) {
    const auto at = std::find(info.symbols.begin(), info.symbols.end(), std::string(1, c));
    return static_cast<int>(at - info.symbols.begin());
  };
  for (const char* word : swadesh_100) {
    const std::string padded = std::string("_") + word + "_";
    for (std::size_t i = 0; i + 1 < padded.size(); ++i) {
      pairs.emplace_back(id(padded[i]), id(padded[i + 1]));
      pairs.emplace_back(id(padded[i + 1]), id(padded[i]));
    }
  }
  return pairs;
}

EmbeddingTask make_embedding_task(const std::string& name) {
  EmbeddingTask task{find_embedding_task(name), {}};
  const auto pairs = embedding_task_pairs(task.info);
  Dataset& d = task.train;
  d.count = pairs.size() * repeats, d.input_size = 1, d.target_size = 1;
  for (std::size_t r = 0; r < repeats; ++r)
    for (const auto& [a, b] : pairs) {
      d.tokens.push_back(a);
      d.labels.push_back(b);
    }
  d.validate();
  return task;
}

Architecture embedding_architecture(const EmbeddingTaskInfo& info, std::size_t dimension) {
  Architecture arch;
  arch.input = {1};
  arch.vocabulary = info.symbols.size();
  arch.layers.push_back({"embedding",
                         {{"vocabulary", static_cast<double>(info.symbols.size())},
                          {"dimension", static_cast<double>(dimension)}}});
  arch.layers.push_back(
      {"dense", {{"units", static_cast<double>(info.symbols.size())}, {"init", "xavier"}}});
  arch.validate();
  return arch;
}

std::vector<float> train_embedding_task(const EmbeddingTask& task, std::uint64_t seed,
                                        Model* model_out) {
  const EmbeddingTaskInfo& info = task.info;
  Model model(embedding_architecture(info, info.dimension), seed);
  Adam adam(info.learning_rate);
  // As the CLI and the web's TrainingSession: the model draws from `seed`, the shuffle from seed
  // + 1.
  Trainer trainer(model, adam, task.train,
                  {.batch_size = info.batch_size, .shuffle_seed = seed + 1});
  model.set_training(true);
  trainer.step(info.steps);
  model.set_training(false);
  const auto p = model.parameters();
  std::vector<float> table(
      p.begin(), p.begin() + static_cast<std::ptrdiff_t>(info.symbols.size() * info.dimension));
  if (model_out) *model_out = std::move(model);
  return table;
}

GroupSimilarity group_similarity(const std::vector<float>& table, std::size_t features,
                                 const std::vector<int>& group, int a, int b) {
  require(features >= 1 && table.size() == group.size() * features,
          "group_similarity: the table must hold one row per symbol");
  const auto cosine = [&](std::size_t i, std::size_t j) {
    double dot = 0, ni = 0, nj = 0;
    for (std::size_t f = 0; f < features; ++f) {
      dot += double{table[i * features + f]} * table[j * features + f];
      ni += double{table[i * features + f]} * table[i * features + f];
      nj += double{table[j * features + f]} * table[j * features + f];
    }
    return ni > 0 && nj > 0 ? dot / std::sqrt(ni * nj) : 0.0;
  };
  const auto distance = [&](std::size_t i, std::size_t j) {
    double sum = 0;
    for (std::size_t f = 0; f < features; ++f) {
      const double d = double{table[i * features + f]} - table[j * features + f];
      sum += d * d;
    }
    return std::sqrt(sum);
  };
  GroupSimilarity s;
  std::size_t within = 0, across = 0;
  for (std::size_t i = 0; i < group.size(); ++i)
    for (std::size_t j = 0; j < group.size(); ++j) {
      if (group[i] != a) continue;
      if (group[j] == a && j > i) {
        s.within += cosine(i, j), s.distance_within += distance(i, j), ++within;
      }
      if (group[j] == b) s.across += cosine(i, j), s.distance_across += distance(i, j), ++across;
    }
  if (within)
    s.within /= static_cast<double>(within), s.distance_within /= static_cast<double>(within);
  if (across)
    s.across /= static_cast<double>(across), s.distance_across /= static_cast<double>(across);
  return s;
}

}  // namespace glassbox
