// The gradient through time (inspect/gradient_through_time.hpp) and where a
// metric stands against a task's baseline (data/sequences.hpp): a tiny RNN
// with hand-set weights worked out by hand, each example's profile held
// equal to its own trace (a separate path through the engine), and the
// standing rule at its edges.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/data/sequences.hpp"
#include "glassbox/inspect/gradient_through_time.hpp"
#include "glassbox/inspect/trace.hpp"
#include "glassbox/model/model.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;
using Catch::Matchers::WithinRel;

namespace {

// rnn (H = 1, T = 2, the last step) → dense 1, MSE.
Model tiny_rnn() {
  Model model(
      Architecture::from_json(
          R"({"input": [2, 1], "loss": "mse", "layers": [{"type": "rnn", "units": 1, "return_sequences": false},)"
          R"( {"type": "dense", "units": 1}]})"),
      1);
  // W_ih, W_hh, b_ih, b_hh of the RNN, then the dense layer's w and b.
  const std::vector<float> p{1, 1, 0, 0, 2, 0};
  REQUIRE(model.parameters().size() == p.size());
  std::copy(p.begin(), p.end(), model.parameters().begin());
  return model;
}

Dataset two_examples() {
  Dataset d;
  d.count = 2, d.input_size = 2, d.target_size = 1;
  d.inputs = {0.5f, 0.0f, -1.0f, 0.5f};
  d.targets = {0.0f, 0.25f};
  return d;
}

}  // namespace

TEST_CASE("gradient through time of a tiny RNN, by hand", "[gradient-time]") {
  // h₁ = tanh(x₁), h₂ = tanh(x₂ + h₁), y = 2 h₂, L = (y − t)² (one example's MSE).
  // ∂L/∂h₂ = 2(y − t) · 2,  ∂L/∂h₁ = ∂L/∂h₂ · (1 − h₂²) · W_hh.
  // A: x = (0.5, 0), t = 0: h₁ = 0.4621172, h₂ = 0.4318082, y = 0.8636164,
  //    ∂L/∂h₂ = 3.4544654, ∂L/∂h₁ = 3.4544654 · 0.8135417 = 2.8103517.
  // B: x = (−1, 0.5), t = 0.25: h₁ = −0.7615942, h₂ = tanh(−0.2615942) = −0.2557860,
  //    y = −0.5115720, ∂L/∂h₂ = 4 · (−0.7615720) = −3.0462880 (norm 3.0462880),
  //    ∂L/∂h₁ = −3.0462880 · (1 − 0.0654265) = −2.8469801 (norm 2.8469801).
  // profile = ((2.8103517 + 2.8469801)/2, (3.4544654 + 3.0462880)/2)
  //         = (2.8286659, 3.2503767);  ratio = 0.8702579.
  Model model = tiny_rnn();
  const GradientThroughTime g = gradient_through_time(model, two_examples(), 64);
  CHECK(g.examples == 2);
  REQUIRE(g.profile.size() == 2);
  CHECK_THAT(g.profile[0], WithinAbs(2.8286659, 2e-6));
  CHECK_THAT(g.profile[1], WithinAbs(3.2503767, 2e-6));
  CHECK_THAT(g.ratio, WithinAbs(0.8702579, 1e-6));

  // The first example alone: its own ∂L/∂h_t, not a batch mean's.
  const GradientThroughTime a = gradient_through_time(model, two_examples(), 1);
  CHECK(a.examples == 1);
  CHECK_THAT(a.profile[0], WithinAbs(2.8103517, 2e-6));
  CHECK_THAT(a.profile[1], WithinAbs(3.4544654, 2e-6));
  CHECK_THAT(a.ratio, WithinAbs(2.8103517 / 3.4544654, 1e-6));
}

TEST_CASE("gradient through time leaves the parameters and their gradients alone",
          "[gradient-time]") {
  Model model = tiny_rnn();
  std::fill(model.gradients().begin(), model.gradients().end(), 0.125f);
  const std::vector<float> before(model.parameters().begin(), model.parameters().end());
  gradient_through_time(model, two_examples(), 2);
  CHECK(std::vector<float>(model.parameters().begin(), model.parameters().end()) == before);
  CHECK(std::all_of(model.gradients().begin(), model.gradients().end(),
                    [](float v) { return v == 0.125f; }));
}

TEST_CASE("gradient through time equals each example's own trace (LSTM, per-step ids)",
          "[gradient-time]") {
  // copy_memory: a class id per step, −1 where the step is not scored; each
  // example's profile must be the grad_norm of trace_sample_ids on it alone.
  const SequenceData data =
      make_sequence_task("copy_memory", {.seed = 2, .length = 9, .test_samples = 5});
  Model model(Architecture::from_json(sequence_architecture("copy_memory", CellKind::lstm, 6, 9)),
              4);
  const std::size_t n = 3, T = 9, in = data.test.input_size, ids = data.test.target_size;
  std::vector<double> expected(T, 0.0);
  for (std::size_t i = 0; i < n; ++i) {
    const Trace trace = trace_sample_ids(
        model, std::span(data.test.inputs).subspan(i * in, in),
        std::span<const std::int32_t>(data.test.labels).subspan(i * ids, ids), Sgd(0.1f));
    const LayerTrace& lstm = trace.all_layers.at(0);
    const auto at = std::find(lstm.internal_names.begin(), lstm.internal_names.end(), "grad_norm");
    REQUIRE(at != lstm.internal_names.end());
    const auto& norms =
        lstm.internal_values.at(static_cast<std::size_t>(at - lstm.internal_names.begin()));
    REQUIRE(norms.size() == T);
    for (std::size_t t = 0; t < T; ++t) expected[t] += norms[t] / static_cast<double>(n);
  }
  const GradientThroughTime g = gradient_through_time(model, data.test, n);
  REQUIRE(g.profile.size() == T);
  for (std::size_t t = 0; t < T; ++t) CHECK_THAT(g.profile[t], WithinRel(expected[t], 1e-5));
  CHECK(g.profile.back() > 0.0);
  CHECK_THAT(g.ratio, WithinRel(expected.front() / expected.back(), 1e-5));
}

TEST_CASE("gradient through time refuses what it cannot measure", "[gradient-time]") {
  Model model = tiny_rnn();
  CHECK_THROWS_WITH(gradient_through_time(model, two_examples(), 0),
                    "the gradient through time needs at least 1 example, got 0");
  Dataset wrong = two_examples();
  wrong.input_size = 1, wrong.count = 4, wrong.targets = {0, 0, 0, 0};
  CHECK_THROWS_WITH(gradient_through_time(model, wrong, 4),
                    "the examples have 1 inputs each; the model takes 2");
  Model dense(Architecture::from_json(
                  R"({"input": [2], "loss": "mse", "layers": [{"type": "dense", "units": 1}]})"),
              1);
  CHECK_THROWS_WITH(
      gradient_through_time(dense, two_examples(), 2),
      "the model has no recurrent layer (rnn, lstm or gru): no gradient through time");
  CHECK(first_to_last_ratio({}) == 0.0);
  CHECK(first_to_last_ratio({1.0, 0.0}) == 0.0);
  CHECK(first_to_last_ratio({1.0, 4.0}) == 0.25);
}

TEST_CASE("sequence standing at the edges of its thresholds", "[sequences]") {
  const SequenceTaskInfo& adding = find_sequence_task("adding");  // MSE
  const SequenceTaskInfo& parity = find_sequence_task("parity");  // accuracy
  const auto name = [](const SequenceTaskInfo& task, double metric, double baseline) {
    return sequence_standing_name(sequence_standing(task, metric, baseline));
  };
  const double below = 1.0 - 1e-12, above = 1.0 + 1e-12;
  // MSE, baseline 0.5 (0.1 · 0.5 = 0.05 and 0.9 · 0.5 = 0.45 exactly in doubles):
  // solved up to and at 0.05, at baseline from 0.45 on, learning in between.
  CHECK(name(adding, 0.0, 0.5) == "solved");
  CHECK(name(adding, 0.05, 0.5) == "solved");
  CHECK(name(adding, 0.05 * above, 0.5) == "learning");
  CHECK(name(adding, 0.45 * below, 0.5) == "learning");
  CHECK(name(adding, 0.45, 0.5) == "at baseline");
  CHECK(name(adding, 2.0, 0.5) == "at baseline");
  // Accuracy, baseline 0.5: solved from 0.95; at baseline up to and at
  // 0.5 + 0.1 · (1 − 0.5) = 0.55; learning in between.
  CHECK(name(parity, 1.0, 0.5) == "solved");
  CHECK(name(parity, 0.95, 0.5) == "solved");
  CHECK(name(parity, 0.95 * below, 0.5) == "learning");
  CHECK(name(parity, 0.55 * above, 0.5) == "learning");
  CHECK(name(parity, 0.55, 0.5) == "at baseline");
  CHECK(name(parity, 0.2, 0.5) == "at baseline");
  // Baseline 0.25 (temporal order): at baseline up to 0.25 + 0.075 = 0.325.
  CHECK(name(parity, 0.325 * below, 0.25) == "at baseline");
  CHECK(name(parity, 0.33, 0.25) == "learning");
  // A diverged run (NaN) has learned nothing.
  CHECK(name(adding, std::nan(""), 0.5) == "at baseline");
  CHECK(name(parity, std::nan(""), 0.5) == "at baseline");
  // The adding problem's own baseline, 1/24: solved is MSE ≤ 1/240.
  CHECK(sequence_solved(adding, 1.0 / 240.0 * below, 50));
  CHECK_FALSE(sequence_solved(adding, 1.0 / 240.0 * above, 50));
  CHECK_THROWS_WITH(sequence_standing(adding, 0.1, -1.0),
                    "adding's baseline must be a finite number at least 0, got -1.000000");
  CHECK_THROWS_WITH(sequence_standing(parity, 0.9, 1.5),
                    "parity's baseline is an accuracy in [0, 1], got 1.500000");
}
