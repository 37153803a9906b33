#include "glassbox/data/token_tasks.hpp"

#include <algorithm>
#include <numeric>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"

namespace glassbox {
namespace {

constexpr std::size_t copy_offset = 2;                       // copy: y_t = x_{t−2}
constexpr std::size_t rename_source = 5;                     // "v = v o v"
constexpr std::size_t induction_min = 3, induction_max = 6;  // repeated segment length

std::vector<std::string> letters(std::size_t n) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < n; ++i) out.push_back(std::string(1, static_cast<char>('A' + i)));
  return out;
}

// rename: x y z w → a b c d; operators and '=' unchanged; ':' separates.
const std::vector<std::string> rename_symbols = {"x", "y", "z", "w", "a", "b", "c",
                                                 "d", "=", "+", "-", "*", ":"};
constexpr int sep = 12, equals = 8;

struct Builder {
  const TokenTaskInfo& info;
  TokenSplit split;
  std::size_t n = 0;
  explicit Builder(const TokenTaskInfo& i, std::size_t count) : info(i) {
    const std::size_t T = info.tokens;
    split.data.count = count, split.data.input_size = T, split.data.target_size = T;
    split.data.tokens.assign(count * T, 0);
    split.data.labels.assign(count * T, -1);
    split.aligned.assign(count * T * T, 0);
  }
  std::int32_t& token(std::size_t t) { return split.data.tokens[n * info.tokens + t]; }
  void label(std::size_t t, int id, std::size_t source) {
    split.data.labels[n * info.tokens + t] = id;
    split.aligned[(n * info.tokens + t) * info.tokens + source] = 1;
  }
};

void fill_sample(Builder& b, Rng& rng) {
  const auto& info = b.info;
  const std::size_t T = info.tokens;
  const auto draw = [&](std::size_t below) { return static_cast<int>(rng.below(below)); };
  if (info.name == "copy") {
    for (std::size_t t = 0; t < T; ++t) b.token(t) = draw(info.vocabulary);
    for (std::size_t t = copy_offset; t < T; ++t)
      b.label(t, b.token(t - copy_offset), t - copy_offset);
  } else if (info.name == "reverse") {
    for (std::size_t t = 0; t < T; ++t) b.token(t) = draw(info.vocabulary);
    for (std::size_t t = 0; t < T; ++t) b.label(t, b.token(T - 1 - t), T - 1 - t);
  } else if (info.name == "sort") {
    std::vector<int> sorted(T);
    for (std::size_t t = 0; t < T; ++t) sorted[t] = b.token(t) = draw(info.vocabulary);
    std::sort(sorted.begin(), sorted.end());
    // Aligned: every key that holds the answer.
    for (std::size_t t = 0; t < T; ++t)
      for (std::size_t j = 0; j < T; ++j)
        if (b.token(j) == sorted[t]) b.label(t, sorted[t], j);
  } else if (info.name == "rename") {
    // "v = v o v" → the same with x y z w renamed a b c d.
    const int source[rename_source] = {draw(4), equals, draw(4), 9 + draw(3), draw(4)};
    for (std::size_t t = 0; t < rename_source; ++t) {
      b.token(t) = source[t];
      const int renamed = source[t] < 4 ? source[t] + 4 : source[t];
      b.label(rename_source + t, renamed, t);
      if (t + 1 < rename_source) b.token(rename_source + 1 + t) = renamed;
    }
    b.token(rename_source) = sep;
  } else {  // induction
    // [prefix, r, r]: r is L distinct tokens, the prefix avoids them. At each
    // position of the second r (but its last), the next token is the one
    // after the current token's first occurrence.
    const std::size_t L = induction_min + rng.below(induction_max - induction_min + 1);
    const std::size_t prefix = T - 2 * L;
    std::vector<std::uint32_t> order(info.vocabulary);
    std::iota(order.begin(), order.end(), 0u);
    rng.shuffle(order);
    for (std::size_t t = 0; t < prefix; ++t)
      b.token(t) = static_cast<int>(order[L + rng.below(info.vocabulary - L)]);
    for (std::size_t i = 0; i < L; ++i)
      b.token(prefix + i) = b.token(prefix + L + i) = static_cast<int>(order[i]);
    for (std::size_t i = 0; i + 1 < L; ++i)
      b.label(prefix + L + i, b.token(prefix + i + 1), prefix + i + 1);
  }
}

TokenSplit make_split(const TokenTaskInfo& info, Rng& rng, std::size_t count) {
  Builder b(info, count);
  for (b.n = 0; b.n < count; ++b.n) fill_sample(b, rng);
  b.split.data.validate();
  return std::move(b.split);
}

}  // namespace

const std::vector<TokenTaskInfo>& token_task_catalog() {
  static const std::vector<TokenTaskInfo> catalog = {
      {"copy",
       "Copy with an offset: each position outputs the token 2 steps back, so attention learns "
       "a fixed relative position and the map is a diagonal.",
       8, 8, true, letters(8)},
      {"reverse",
       "Reversal: position t outputs token T−1−t, so the map is an anti-diagonal; without a "
       "positional encoding attention cannot tell positions apart and fails.",
       8, 6, false, letters(8)},
      {"sort",
       "Sort over a 4-letter alphabet (as minGPT's demo): position t outputs the t-th smallest "
       "token, which needs counting over the whole sequence, not one aligned position.",
       4, 6, false, letters(4)},
      {"rename",
       "Seed 003's renaming: 'x = y + z' becomes 'a = b + c' as a decoder with the source as a "
       "prefix; each target position attends to its source token.",
       13, 10, true, rename_symbols},
      {"induction",
       "Repeated random tokens: predicting the second copy needs an induction head (find the "
       "current token earlier, read the one after it), which takes two attention layers.",
       16, 16, true, letters(16)},
  };
  return catalog;
}

const TokenTaskInfo& find_token_task(const std::string& name) {
  for (const auto& t : token_task_catalog())
    if (t.name == name) return t;
  std::string known;
  for (const auto& t : token_task_catalog()) known += (known.empty() ? "" : ", ") + t.name;
  throw Error("unknown attention task '" + name + "'; known: " + known);
}

TokenTask make_token_task(const std::string& name, std::uint64_t seed, std::size_t train_count,
                          std::size_t test_count) {
  const TokenTaskInfo& info = find_token_task(name);
  require(train_count >= 1 && test_count >= 1 && train_count <= 1000000 && test_count <= 1000000,
          "a sequence task needs 1 to 1000000 training and test samples");
  Rng rng(seed);
  TokenTask task{info, make_split(info, rng, train_count), {}};
  task.test = make_split(info, rng, test_count);
  return task;
}

TokenSplit rename_example() {
  const TokenTaskInfo& info = find_token_task("rename");
  Builder b(info, 1);
  // x = y + z : a = b +   →   labels a = b + c from ':' on
  const int tokens[10] = {0, equals, 1, 9, 2, sep, 4, equals, 5, 9};
  const int labels[5] = {4, equals, 5, 9, 6};
  for (std::size_t t = 0; t < 10; ++t) b.token(t) = tokens[t];
  for (std::size_t t = 0; t < 5; ++t) b.label(rename_source + t, labels[t], t);
  return std::move(b.split);
}

}  // namespace glassbox
