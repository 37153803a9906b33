#include "glassbox/data/sequences.hpp"

#include <algorithm>
#include <cmath>
#include <functional>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"

namespace glassbox {
namespace {

// copy_memory: K symbols to remember, from an alphabet of 4; one-hot inputs
// over blank, the 4 symbols and the delimiter.
constexpr std::size_t copy_symbols = 3, copy_alphabet = 4;

// One sample: fills `x` (T · features floats, zeroed) and returns its target
// ids (classification) or writes `value` (regression).
using Generator = std::function<void(Rng& rng, std::size_t T, std::vector<float>& x,
                                     std::vector<std::int32_t>& ids, float& value)>;

void count_ones(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>& ids,
                float&) {
  std::int32_t ones = 0;
  for (std::size_t t = 0; t < T; ++t) {
    x[t] = static_cast<float>(rng.below(2));
    ones += x[t] > 0.5f ? 1 : 0;
  }
  ids = {ones};
}

// A random pattern of period P ∈ {2, 3, 4} fills the T steps; the answer is
// the bit that continues it, x_{T+1} = x_{T+1−P}. For T ≥ 8 the period
// is unambiguous (Fine and Wilf: a string with periods p and q of length at
// least p + q − gcd(p, q) has period gcd(p, q)).
void pattern_memory(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>& ids,
                    float&) {
  const std::size_t period = 2 + rng.below(3);
  int pattern[4];
  for (int& bit : pattern) bit = static_cast<int>(rng.below(2));
  for (std::size_t t = 0; t < T; ++t) x[t] = static_cast<float>(pattern[t % period]);
  ids = {pattern[T % period]};
}

// Hochreiter & Schmidhuber (1997), experiment 4: values x_t ~ U(−1, 1) on
// feature 0; feature 1 marks two steps, one in each half of the sequence.
// Target 0.5 + (x₁ + x₂)/4.
void adding(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>&,
            float& value) {
  for (std::size_t t = 0; t < T; ++t) x[t * 2] = rng.uniform(-1.0f, 1.0f);
  const std::size_t half = T / 2;
  const std::size_t first = rng.below(half), second = half + rng.below(T - half);
  x[first * 2 + 1] = 1.0f, x[second * 2 + 1] = 1.0f;
  value = 0.5f + (x[first * 2] + x[second * 2]) / 4.0f;
}

// Hochreiter & Schmidhuber (1997), experiment 6a, simplified: one-hot over
// 4 distractors (a, b, c, d) and X, Y. One of X/Y sits in the first half, one
// in the second; the class is their order: XX 0, XY 1, YX 2, YY 3.
void temporal_order(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>& ids,
                    float&) {
  for (std::size_t t = 0; t < T; ++t) x[t * 6 + rng.below(4)] = 1.0f;
  const std::size_t half = T / 2;
  const std::size_t first = rng.below(half), second = half + rng.below(T - half);
  const std::size_t a = rng.below(2), b = rng.below(2);
  for (std::size_t t : {first, second}) std::fill_n(x.begin() + t * 6, 6, 0.0f);
  x[first * 6 + 4 + a] = 1.0f, x[second * 6 + 4 + b] = 1.0f;
  ids = {static_cast<std::int32_t>(a * 2 + b)};
}

// The copy-memory task (Hochreiter & Schmidhuber 1997; Arjovsky et al. 2016),
// small: K = 3 symbols from 4 at the start, blanks, the delimiter at step
// T − K − 1, then K blanks during which the net must output the symbols.
// Inputs one-hot over blank 0, symbols 1..4, delimiter 5; a class id per
// step, −1 except the last K steps.
void copy_memory(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>& ids,
                 float&) {
  ids.assign(T, -1);
  std::size_t symbols[copy_symbols];
  for (std::size_t k = 0; k < copy_symbols; ++k) symbols[k] = rng.below(copy_alphabet);
  for (std::size_t t = 0; t < T; ++t) {
    std::size_t one_hot = 0;  // blank
    if (t < copy_symbols) one_hot = 1 + symbols[t];
    if (t == T - copy_symbols - 1) one_hot = 5;
    x[t * 6 + one_hot] = 1.0f;
  }
  for (std::size_t k = 0; k < copy_symbols; ++k)
    ids[T - copy_symbols + k] = static_cast<std::int32_t>(symbols[k]);
}

// Bits as ±1 (with 0/1 a plain RNN did not fit even T = 3; measured 2026-12-01).
void parity(Rng& rng, std::size_t T, std::vector<float>& x, std::vector<std::int32_t>& ids,
            float&) {
  std::int32_t odd = 0;
  for (std::size_t t = 0; t < T; ++t) {
    const auto bit = static_cast<std::int32_t>(rng.below(2));
    x[t] = bit ? 1.0f : -1.0f;
    odd ^= bit;
  }
  ids = {odd};
}

Generator generator(const std::string& name) {
  if (name == "count_ones") return count_ones;
  if (name == "pattern_memory") return pattern_memory;
  if (name == "adding") return adding;
  if (name == "temporal_order") return temporal_order;
  if (name == "copy_memory") return copy_memory;
  return parity;
}

std::size_t class_count(const std::string& name, std::size_t T) {
  if (name == "count_ones") return T + 1;
  if (name == "temporal_order" || name == "copy_memory") return 4;
  if (name == "adding") return 0;
  return 2;
}

Dataset generate(const SequenceTaskInfo& task, std::size_t T, std::size_t count, Rng& rng) {
  const Generator make = generator(task.name);
  const bool per_step = task.name == "copy_memory";
  Dataset data;
  data.count = count;
  data.input_size = T * task.features;
  data.target_size = per_step ? T : 1;
  std::vector<float> x(data.input_size);
  std::vector<std::int32_t> ids;
  for (std::size_t i = 0; i < count; ++i) {
    std::fill(x.begin(), x.end(), 0.0f);
    float value = 0.0f;
    make(rng, T, x, ids, value);
    data.inputs.insert(data.inputs.end(), x.begin(), x.end());
    if (task.regression)
      data.targets.push_back(value);
    else
      data.labels.insert(data.labels.end(), ids.begin(), ids.end());
  }
  return data;
}

}  // namespace

const CellDefaults& SequenceTaskInfo::defaults(CellKind kind) const {
  return kind == CellKind::lstm ? lstm : kind == CellKind::gru ? gru : rnn;
}

// Defaults: {T, units, Adam learning rate, steps, batch, promise}, measured
// and held by tests/engine/test_sequences.cpp (seed 1).
const std::vector<SequenceTaskInfo>& sequence_tasks() {
  static const std::vector<SequenceTaskInfo> tasks = {
      {"count_ones",
       "Count the 1s: the hidden state must work as a counter that every 1 increments.",
       false,
       1,
       10,
       2,
       500,
       {10, 16, 0.01f, 1200, 32, 0.95},
       {10, 16, 0.01f, 800, 32, 0.95},
       {10, 16, 0.01f, 800, 32, 0.95}},
      {"pattern_memory",
       "Pattern memory: find the period of a repeating bit pattern and continue it, so the state "
       "must hold the last few bits.",
       false,
       1,
       10,
       8,
       500,
       {10, 16, 0.01f, 400, 32, 0.95},
       {10, 16, 0.01f, 400, 32, 0.95},
       {10, 16, 0.01f, 400, 32, 0.95}},
      {"adding",
       "The adding problem: two marked numbers among T must be kept until the end, while every "
       "other step is noise to ignore.",
       true,
       2,
       10,
       2,
       500,
       {10, 16, 0.01f, 1000, 32, 1.0 / 240},
       {10, 16, 0.01f, 600, 32, 1.0 / 240},
       {10, 16, 0.01f, 600, 32, 1.0 / 240}},
      {"temporal_order",
       "Temporal order: which of X and Y came first, and second, among distractors: order, not "
       "just presence, must be remembered.",
       false,
       6,
       10,
       4,
       500,
       {10, 16, 0.01f, 600, 32, 0.95},
       {10, 16, 0.01f, 600, 32, 0.95},
       {10, 16, 0.01f, 600, 32, 0.95}},
      {"copy_memory",
       "Copy memory: reproduce three symbols after a long blank gap, so the state must store "
       "several items at once.",
       false,
       6,
       10,
       8,
       500,
       {10, 16, 0.01f, 800, 32, 0.95},
       {10, 16, 0.01f, 800, 32, 0.95},
       {10, 16, 0.01f, 800, 32, 0.95}},
      {"parity",
       "Parity: every bit flips the answer, so one bit of state must be carried exactly through "
       "the whole sequence; a plain RNN manages only very short ones.",
       false,
       1,
       4,
       2,
       500,
       {3, 16, 0.01f, 800, 32, 0.95},
       {4, 16, 0.01f, 2000, 32, 0.95},
       {4, 16, 0.01f, 2000, 32, 0.95}},
  };
  return tasks;
}

const SequenceTaskInfo& find_sequence_task(const std::string& name) {
  for (const auto& t : sequence_tasks())
    if (t.name == name) return t;
  std::string known;
  for (const auto& t : sequence_tasks()) known += (known.empty() ? "" : ", ") + t.name;
  throw Error("unknown sequence task '" + name + "'; known: " + known);
}

SequenceData make_sequence_task(const std::string& name, const SequenceOptions& options) {
  const SequenceTaskInfo& task = find_sequence_task(name);
  const std::size_t T = options.length == 0 ? task.default_length : options.length;
  require(T >= task.min_length && T <= task.max_length,
          name + " needs a length T in " + std::to_string(task.min_length) + ".." +
              std::to_string(task.max_length) + ", got " + std::to_string(T));
  require(options.train_samples >= 1 && options.train_samples <= 100000 &&
              options.test_samples >= 1 && options.test_samples <= 100000,
          "sequence tasks need 1..100000 training and test samples");
  require(options.active == 0 || (name == "parity" && options.active <= T),
          "a curriculum's active length applies to parity only, at most T");
  Rng train_rng(options.seed), test_rng(options.seed + 1000003);
  SequenceData data{generate(task, T, options.train_samples, train_rng),
                    generate(task, T, options.test_samples, test_rng), T, class_count(name, T),
                    name == "copy_memory"};
  if (options.active > 0) {
    for (Dataset* part : {&data.train, &data.test})
      for (std::size_t i = 0; i < part->count; ++i) {
        float* x = &part->inputs[i * T];
        std::fill(x, x + (T - options.active), -1.0f);  // bit 0
        std::int32_t odd = 0;
        for (std::size_t t = 0; t < T; ++t) odd ^= x[t] > 0.0f ? 1 : 0;
        part->labels[i] = odd;
      }
  }
  return data;
}

double sequence_baseline(const std::string& name, std::size_t length) {
  find_sequence_task(name);
  if (name == "count_ones") {
    // The most likely count, k = ⌊T/2⌋: C(T, k) / 2^T, in logs so T = 500 fits.
    const double T = static_cast<double>(length), k = std::floor(T / 2);
    return std::exp(std::lgamma(T + 1) - std::lgamma(k + 1) - std::lgamma(T - k + 1) -
                    T * std::log(2.0));
  }
  // Var(0.5 + (x₁ + x₂)/4) with x ~ U(−1, 1): 2 · (1/3) / 16 = 1/24.
  if (name == "adding") return 1.0 / 24.0;
  if (name == "temporal_order" || name == "copy_memory") return 0.25;
  return 0.5;
}

SequenceStanding sequence_standing(const SequenceTaskInfo& task, double metric, double baseline) {
  require(std::isfinite(baseline) && baseline >= 0.0,
          task.name + "'s baseline must be a finite number at least 0, got " +
              std::to_string(baseline));
  // (A NaN metric, from a diverged run, fails every comparison: at baseline.)
  if (task.regression) {
    if (metric <= 0.1 * baseline) return SequenceStanding::solved;
    return metric < 0.9 * baseline ? SequenceStanding::learning : SequenceStanding::at_baseline;
  }
  require(baseline <= 1.0,
          task.name + "'s baseline is an accuracy in [0, 1], got " + std::to_string(baseline));
  if (metric >= 0.95) return SequenceStanding::solved;
  return metric > baseline + 0.1 * (1.0 - baseline) ? SequenceStanding::learning
                                                    : SequenceStanding::at_baseline;
}

std::string sequence_standing_name(SequenceStanding standing) {
  return standing == SequenceStanding::solved     ? "solved"
         : standing == SequenceStanding::learning ? "learning"
                                                  : "at baseline";
}

bool sequence_solved(const SequenceTaskInfo& task, double metric, std::size_t length) {
  return sequence_standing(task, metric, sequence_baseline(task.name, length)) ==
         SequenceStanding::solved;
}

std::string sequence_architecture(const std::string& name, CellKind kind, std::size_t units,
                                  std::size_t length) {
  const SequenceTaskInfo& task = find_sequence_task(name);
  const bool per_step = name == "copy_memory";
  const std::size_t outputs = task.regression ? 1 : class_count(name, length);
  return R"({"input": [)" + std::to_string(length) + ", " + std::to_string(task.features) +
         R"(], "loss": ")" + (task.regression ? "mse" : "softmax_cross_entropy") +
         R"(", "layers": [{"type": ")" + cell_kind_name(kind) + R"(", "units": )" +
         std::to_string(units) + R"(, "return_sequences": )" + (per_step ? "true" : "false") +
         R"(}, {"type": "dense", "units": )" + std::to_string(outputs) + "}]}";
}

std::string cell_kind_name(CellKind kind) {
  return kind == CellKind::lstm ? "lstm" : kind == CellKind::gru ? "gru" : "rnn";
}

CellKind parse_cell_kind(const std::string& name) {
  if (name == "rnn") return CellKind::rnn;
  if (name == "lstm") return CellKind::lstm;
  if (name == "gru") return CellKind::gru;
  throw Error("unknown cell '" + name + "'; known: rnn, lstm, gru");
}

}  // namespace glassbox
