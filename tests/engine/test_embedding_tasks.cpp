// The embedding tasks: their pairs by hand, and each known-good default
// trained from seed 1 to its promise (the drinks' and foods' nearest
// neighbours are their own kind; the vowels cluster in 2-D), with the
// untrained table failing the same checks.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdio>

#include "glassbox/core/error.hpp"
#include "glassbox/data/embedding_tasks.hpp"
#include "glassbox/inspect/embedding_map.hpp"
#include "glassbox/model/model.hpp"

using namespace glassbox;

namespace {

// How many rows of group `g` have a nearest neighbour (cosine) of group `g`.
std::size_t own_kind_nearest(const std::vector<float>& table, const EmbeddingTaskInfo& info,
                             int g) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < info.symbols.size(); ++i) {
    if (info.group[i] != g) continue;
    const auto n = nearest_by_cosine(table, info.symbols.size(), info.dimension, i, 1);
    if (info.group[n[0].index] == g) ++hits;
  }
  return hits;
}

// How many vowels (group 1) have a vowel as nearest neighbour in the 2-D table.
std::size_t vowels_nearest_vowel(const std::vector<float>& t, const std::vector<int>& group) {
  std::size_t hits = 0;
  for (std::size_t i = 0; i < group.size(); ++i) {
    if (group[i] != 1) continue;
    std::size_t best = i;
    double nearest = 1e300;
    for (std::size_t j = 0; j < group.size(); ++j) {
      const double d = std::hypot(t[i * 2] - t[j * 2], t[i * 2 + 1] - t[j * 2 + 1]);
      if (j != i && d < nearest) nearest = d, best = j;
    }
    if (group[best] == 1) ++hits;
  }
  return hits;
}

std::vector<float> untrained_table(const EmbeddingTaskInfo& info) {
  Model model(embedding_architecture(info, info.dimension), 1);
  const auto p = model.parameters();
  return {p.begin(), p.begin() + static_cast<std::ptrdiff_t>(info.symbols.size() * info.dimension)};
}

}  // namespace

TEST_CASE("embedding tasks: the pairs by hand", "[embedding_tasks]") {
  const EmbeddingTask words = make_embedding_task("word-pairs");
  CHECK(words.info.symbols.size() == 9);
  CHECK(words.train.count == 14 * 8);
  CHECK(words.train.tokens[0] == 0);  // drink → juice
  CHECK(words.train.labels[0] == 2);
  CHECK(words.train.tokens[1] == 2);  // juice → drink
  CHECK(words.train.labels[1] == 0);
  const EmbeddingTask chars = make_embedding_task("characters");
  CHECK(chars.info.symbols.front() == "_");
  // "i" is the list's first word: _ → i, i → _, i → _, _ → i.
  const auto& s = chars.info.symbols;
  const auto id = [&](const char* c) { return std::find(s.begin(), s.end(), c) - s.begin(); };
  CHECK(chars.train.tokens[0] == 0);
  CHECK(chars.train.labels[0] == id("i"));
  CHECK(chars.train.tokens[1] == id("i"));
  CHECK(chars.info.group[static_cast<std::size_t>(id("e"))] == 1);
  CHECK(chars.info.group[static_cast<std::size_t>(id("k"))] == 0);
  CHECK_THROWS_WITH(make_embedding_task("glove"),
                    "unknown embedding task 'glove'; known: word-pairs, characters");
}

TEST_CASE("word pairs: drinks and foods end up beside their own kind", "[embedding_tasks]") {
  const EmbeddingTask task = make_embedding_task("word-pairs");
  const auto table = train_embedding_task(task, 1);
  CHECK(own_kind_nearest(table, task.info, 1) == 3);  // juice, milk, water
  CHECK(own_kind_nearest(table, task.info, 2) == 4);  // apple, orange, rice, bread
  const auto drinks = group_similarity(table, task.info.dimension, task.info.group, 1, 2);
  const auto foods = group_similarity(table, task.info.dimension, task.info.group, 2, 1);
  std::printf("word-pairs (seed 1): drinks within %.3f, drinks vs foods %.3f, foods within %.3f\n",
              drinks.within, drinks.across, foods.within);
  // Measured natively (seed 1, 2026-12-01): drinks within 1.000, drinks vs foods −0.890,
  // foods within 0.834.
  CHECK(drinks.within > 0.95);
  CHECK(drinks.across < -0.5);
  CHECK(foods.within > 0.8);
  // The negative case: before training, the groups are not separated.
  const auto before = untrained_table(task.info);
  CHECK_FALSE(own_kind_nearest(before, task.info, 1) + own_kind_nearest(before, task.info, 2) == 7);
}

TEST_CASE("characters in 2-D: the vowels cluster", "[embedding_tasks]") {
  const EmbeddingTask task = make_embedding_task("characters");
  const auto table = train_embedding_task(task, 1);
  // In the 2-D plane the vowels gather: 4 of the 5 have a vowel as their nearest neighbour
  // (Euclidean), where a random placement gives about 5 · 4/23 ≈ 0.9. Measured natively with
  // seeds 1 to 5 (2026-12-01): 4 of 5 each time; the page trains the same from seed 1.
  CHECK(vowels_nearest_vowel(table, task.info.group) == 4);
  CHECK(vowels_nearest_vowel(untrained_table(task.info), task.info.group) < 4);
}
