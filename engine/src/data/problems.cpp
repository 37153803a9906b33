#include "glassbox/data/problems.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <numbers>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/train/metrics.hpp"
#include "iris_data.hpp"

namespace glassbox {
namespace {

// A truth table over `inputs` bits; `outputs(bits)` gives the target bits.
Dataset truth_table(std::size_t inputs, std::size_t outputs,
                    const std::function<std::vector<int>(const std::vector<int>&)>& rule) {
  Dataset data;
  data.count = std::size_t{1} << inputs;
  data.input_size = inputs;
  data.target_size = outputs;
  data.multilabel = outputs > 1;
  for (std::size_t row = 0; row < data.count; ++row) {
    std::vector<int> bits(inputs);
    for (std::size_t b = 0; b < inputs; ++b)
      bits[b] = static_cast<int>(row >> (inputs - 1 - b) & 1);
    for (int bit : bits) data.inputs.push_back(static_cast<float>(bit));
    for (int bit : rule(bits)) data.targets.push_back(static_cast<float>(bit));
  }
  return data;
}

// Pattern3x3: four classes of lines on a 3×3 grid — horizontal, vertical, the
// main diagonal and the anti-diagonal — each complete and with any one of its
// three pixels missing (8 + 24 = 32 patterns, none ambiguous).
Dataset make_pattern3x3() {
  std::vector<std::pair<std::vector<int>, int>> lines;
  for (int r = 0; r < 3; ++r) lines.push_back({{r * 3, r * 3 + 1, r * 3 + 2}, 0});
  for (int c = 0; c < 3; ++c) lines.push_back({{c, c + 3, c + 6}, 1});
  lines.push_back({{0, 4, 8}, 2});
  lines.push_back({{2, 4, 6}, 3});
  Dataset data;
  data.input_size = 9;
  data.target_size = 4;
  for (const auto& [pixels, label] : lines)
    for (int missing = -1; missing < 3; ++missing) {
      std::vector<float> grid(9, 0.0f);
      for (int k = 0; k < 3; ++k)
        if (k != missing)
          grid[static_cast<std::size_t>(pixels[static_cast<std::size_t>(k)])] = 1.0f;
      data.inputs.insert(data.inputs.end(), grid.begin(), grid.end());
      for (int c = 0; c < 4; ++c) data.targets.push_back(c == label ? 1.0f : 0.0f);
      ++data.count;
    }
  return data;
}

// Iris: features standardized with the training split's mean and deviation;
// a seeded 70/30 split.
ProblemData make_iris(std::uint64_t seed) {
  Dataset all;
  all.count = 150, all.input_size = 4, all.target_size = 3;
  for (const auto& row : data::iris_rows) {
    all.inputs.insert(all.inputs.end(),
                      {row.sepal_length, row.sepal_width, row.petal_length, row.petal_width});
    for (int c = 0; c < 3; ++c) all.targets.push_back(c == row.label ? 1.0f : 0.0f);
  }
  auto [train, test] = split_dataset(all, 0.3, seed);
  for (std::size_t f = 0; f < 4; ++f) {
    double sum = 0.0, sum_sq = 0.0;
    for (std::size_t i = 0; i < train.count; ++i) {
      const double v = train.inputs[i * 4 + f];
      sum += v, sum_sq += v * v;
    }
    const double mean = sum / train.count;
    const double deviation = std::sqrt(std::max(1e-12, sum_sq / train.count - mean * mean));
    for (Dataset* part : {&train, &test})
      for (std::size_t i = 0; i < part->count; ++i) {
        float& v = part->inputs[i * 4 + f];
        v = static_cast<float>((v - mean) / deviation);
      }
  }
  return {train, test};
}

// A 2-D set of `count` points from `draw(rng) -> (x, y, class)`.
Dataset points(std::size_t count, std::size_t classes, Rng& rng,
               const std::function<std::tuple<float, float, std::size_t>(Rng&)>& draw) {
  Dataset data;
  data.count = count, data.input_size = 2, data.target_size = classes;
  for (std::size_t i = 0; i < count; ++i) {
    const auto [x, y, c] = draw(rng);
    data.inputs.insert(data.inputs.end(), {x, y});
    for (std::size_t k = 0; k < classes; ++k) data.targets.push_back(k == c ? 1.0f : 0.0f);
  }
  return data;
}

ProblemData make_2d(const std::string& name, const ProblemOptions& o) {
  const float noise = o.noise;
  const auto jitter = [noise](Rng& rng) { return static_cast<float>(noise * rng.normal()); };
  std::function<std::tuple<float, float, std::size_t>(Rng&)> draw;
  std::size_t classes = 2;
  constexpr float pi = std::numbers::pi_v<float>;
  if (name == "quadrant") {
    // Points at least 0.1 from both axes; the class is the quadrant (0 NE, 1 NW, 2 SW, 3 SE).
    classes = 4;
    draw = [](Rng& rng) {
      const float x = rng.uniform(0.1f, 1.0f) * (rng.uniform() < 0.5 ? -1.0f : 1.0f);
      const float y = rng.uniform(0.1f, 1.0f) * (rng.uniform() < 0.5 ? -1.0f : 1.0f);
      const std::size_t c = y > 0 ? (x > 0 ? 0 : 1) : (x < 0 ? 2 : 3);
      return std::tuple{x, y, c};
    };
  } else if (name == "circles") {
    draw = [&](Rng& rng) {
      const std::size_t c = rng.below(2);
      const float r = c == 0 ? rng.uniform(0.0f, 0.4f) : rng.uniform(0.7f, 1.0f);
      const float a = rng.uniform(0.0f, 2 * pi);
      return std::tuple{r * std::cos(a) + jitter(rng), r * std::sin(a) + jitter(rng), c};
    };
  } else if (name == "spirals") {
    draw = [&](Rng& rng) {
      const std::size_t c = rng.below(2);
      const float t = rng.uniform(0.0f, 1.0f);
      const float r = 0.1f + 0.9f * t, a = 3.0f * pi * t + (c == 1 ? pi : 0.0f);
      return std::tuple{r * std::cos(a) + 0.3f * jitter(rng), r * std::sin(a) + 0.3f * jitter(rng),
                        c};
    };
  } else if (name == "blobs") {
    require(o.classes >= 2 && o.classes <= 5,
            "blobs needs 2..5 classes, got " + std::to_string(o.classes));
    classes = o.classes;
    draw = [&, classes](Rng& rng) {
      const std::size_t c = rng.below(classes);
      const float a = 2 * pi * static_cast<float>(c) / static_cast<float>(classes);
      return std::tuple{0.6f * std::cos(a) + 1.5f * jitter(rng),
                        0.6f * std::sin(a) + 1.5f * jitter(rng), c};
    };
  } else if (name == "moons") {
    draw = [&](Rng& rng) {
      const std::size_t c = rng.below(2);
      const float a = rng.uniform(0.0f, pi);
      const float x = c == 0 ? std::cos(a) - 0.5f : 0.5f - std::cos(a);
      const float y = c == 0 ? std::sin(a) - 0.25f : 0.25f - std::sin(a);
      return std::tuple{0.7f * x + jitter(rng), 0.7f * y + jitter(rng), c};
    };
  } else if (name == "checkerboard") {
    // 4 × 4 squares over [−1, 1]²; the colour alternates.
    draw = [&](Rng& rng) {
      const float x = rng.uniform(-1.0f, 1.0f), y = rng.uniform(-1.0f, 1.0f);
      const auto cell = [](float v) { return static_cast<int>(std::floor((v + 1.0f) * 2.0f)); };
      const std::size_t c = static_cast<std::size_t>((cell(x) + cell(y)) % 2);
      return std::tuple{x + 0.2f * jitter(rng), y + 0.2f * jitter(rng), c};
    };
  } else {
    throw Error("unknown 2-D set '" + name + "'");
  }
  require(o.samples >= 10 && o.samples <= 100000,
          "samples must be 10..100000, got " + std::to_string(o.samples));
  require(std::isfinite(o.noise) && o.noise >= 0.0f && o.noise <= 1.0f,
          "noise must be in [0, 1], got " + std::to_string(o.noise));
  Rng train_rng(o.seed), test_rng(o.seed + 1000003);
  return {points(o.samples, classes, train_rng, draw),
          points(std::max<std::size_t>(o.samples / 2, 10), classes, test_rng, draw)};
}

}  // namespace

const std::vector<ProblemInfo>& problem_catalog() {
  static const std::vector<ProblemInfo> catalog = {
      {"and", "gates",
       "AND: one neuron is enough, because a single line separates the true row from the others.",
       "2-1", "sigmoid", "mse", "adam", 0.1f, 500, 4},
      {"or", "gates",
       "OR: also linearly separable; watch the one line settle between (0,0) and the rest.", "2-1",
       "sigmoid", "mse", "adam", 0.1f, 500, 4},
      {"nand", "gates", "NAND: the universal gate, and still just one line.", "2-1", "sigmoid",
       "mse", "adam", 0.1f, 500, 4},
      {"xor", "gates", "XOR: no single line separates the classes, so you need a hidden layer.",
       "2-4-1", "sigmoid", "mse", "adam", 0.05f, 1000, 4},
      {"parity3", "gates",
       "Parity3: every input bit flips the answer, so no bit alone tells anything.", "3-6-1",
       "sigmoid", "mse", "adam", 0.05f, 2000, 8},
      {"majority3", "gates",
       "Majority3: true when at least two of three bits are; a single weighted vote.", "3-1",
       "sigmoid", "mse", "adam", 0.1f, 500, 8},
      {"half_adder", "circuits",
       "Half adder: two outputs at once, sum = a XOR b and carry = a AND b.", "2-4-2", "sigmoid",
       "mse", "adam", 0.05f, 2000, 4},
      {"full_adder", "circuits",
       "Full adder: adds three bits; the hidden layer learns partial sums.", "3-6-2", "sigmoid",
       "mse", "adam", 0.05f, 3000, 8},
      {"adder2", "circuits",
       "Adder2: adds two 2-bit numbers into a 3-bit sum; carries make it hard.", "4-16-3",
       "sigmoid", "mse", "adam", 0.02f, 5000, 16},
      {"quadrant", "classification",
       "Quadrant: four classes, one per quadrant; softmax picks among them.", "2-8-4", "relu",
       "softmax_cross_entropy", "adam", 0.02f, 200, 32},
      {"pattern3x3", "classification",
       "Pattern3x3: lines on a 3×3 grid (horizontal, vertical, two diagonals), even with a pixel "
       "missing.",
       "9-8-4", "relu", "softmax_cross_entropy", "adam", 0.02f, 300, 8},
      {"iris", "classification",
       "Iris: Fisher's 150 flowers, 4 measurements, 3 species; learn on 70% and test on the unseen "
       "30%.",
       "4-8-3", "relu", "softmax_cross_entropy", "adam", 0.01f, 300, 16},
      {"circles", "2d", "Circles: a ring around a disc; the boundary must bend all the way round.",
       "2-8-8-2", "tanh", "softmax_cross_entropy", "adam", 0.02f, 300, 32},
      {"spirals", "2d", "Two spirals: the classic hard case; it needs depth and patience.",
       "2-16-16-2", "tanh", "softmax_cross_entropy", "adam", 0.01f, 1500, 32},
      {"blobs", "2d", "Gaussian blobs: 2 to 5 clusters; overlapping noise caps the best accuracy.",
       "2-8-3", "relu", "softmax_cross_entropy", "adam", 0.02f, 200, 32},
      {"moons", "2d", "Moons: two interleaved half circles; a curved boundary is required.",
       "2-8-8-2", "relu", "softmax_cross_entropy", "adam", 0.02f, 300, 32},
      {"checkerboard", "2d",
       "Checkerboard: 16 squares; every boundary is a separate fold to learn.", "2-32-32-2", "relu",
       "softmax_cross_entropy", "adam", 0.01f, 1000, 32},
  };
  return catalog;
}

const ProblemInfo& find_problem(const std::string& name) {
  for (const auto& p : problem_catalog())
    if (p.name == name) return p;
  std::string known;
  for (const auto& p : problem_catalog()) known += (known.empty() ? "" : ", ") + p.name;
  throw Error("unknown problem '" + name + "'; known: " + known);
}

Dataset make_xor() {
  return truth_table(2, 1, [](const auto& b) { return std::vector<int>{b[0] ^ b[1]}; });
}

Dataset make_parity3() {
  return truth_table(3, 1, [](const auto& b) { return std::vector<int>{b[0] ^ b[1] ^ b[2]}; });
}

ProblemData make_problem(const std::string& name, const ProblemOptions& options) {
  const ProblemInfo& info = find_problem(name);
  const auto table = [](Dataset d) { return ProblemData{d, d}; };
  if (name == "and")
    return table(truth_table(2, 1, [](const auto& b) { return std::vector<int>{b[0] & b[1]}; }));
  if (name == "or")
    return table(truth_table(2, 1, [](const auto& b) { return std::vector<int>{b[0] | b[1]}; }));
  if (name == "nand") {
    return table(
        truth_table(2, 1, [](const auto& b) { return std::vector<int>{1 - (b[0] & b[1])}; }));
  }
  if (name == "xor") return table(make_xor());
  if (name == "parity3") return table(make_parity3());
  if (name == "majority3") {
    return table(
        truth_table(3, 1, [](const auto& b) { return std::vector<int>{b[0] + b[1] + b[2] >= 2}; }));
  }
  // Circuit outputs are listed least significant bit first: (sum, carry), (s0, s1, s2).
  if (name == "half_adder") {
    return table(truth_table(2, 2, [](const auto& b) {
      return std::vector<int>{b[0] ^ b[1], b[0] & b[1]};
    }));
  }
  if (name == "full_adder") {
    return table(truth_table(3, 2, [](const auto& b) {
      const int sum = b[0] + b[1] + b[2];
      return std::vector<int>{sum & 1, sum >> 1};
    }));
  }
  if (name == "adder2") {  // inputs a1 a0 b1 b0
    return table(truth_table(4, 3, [](const auto& b) {
      const int sum = (b[0] * 2 + b[1]) + (b[2] * 2 + b[3]);
      return std::vector<int>{sum & 1, sum >> 1 & 1, sum >> 2 & 1};
    }));
  }
  if (name == "pattern3x3") return table(make_pattern3x3());
  if (name == "iris") return make_iris(options.seed);
  if (info.group == "2d" || name == "quadrant") return make_2d(name, options);
  throw Error("problem '" + name + "' has no generator");
}

}  // namespace glassbox
