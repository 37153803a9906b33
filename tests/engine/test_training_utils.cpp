// Schedules, clipping, penalties, max-norm, dropout, early stopping,
// divergence detection and metrics.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "glassbox/data/problems.hpp"
#include "glassbox/layers/dropout.hpp"
#include "glassbox/train/early_stopping.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/regularization.hpp"
#include "glassbox/train/schedule.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

TEST_CASE("each learning-rate schedule gives the values of its formula", "[schedule]") {
  Schedule s;
  s.base = 0.1f;
  CHECK(s.at(0) == 0.1f);  // constant
  CHECK(s.at(1000) == 0.1f);

  s.kind = Schedule::Kind::step;  // ×0.5 every 10 steps
  s.gamma = 0.5f;
  s.period = 10;
  CHECK_THAT(s.at(9), WithinAbs(0.1, 1e-8));
  CHECK_THAT(s.at(10), WithinAbs(0.05, 1e-8));
  CHECK_THAT(s.at(25), WithinAbs(0.025, 1e-8));

  s.kind = Schedule::Kind::exponential;  // 0.1 · 0.5^(t/10)
  CHECK_THAT(s.at(5), WithinAbs(0.1 * std::pow(0.5, 0.5), 1e-7));
  CHECK_THAT(s.at(20), WithinAbs(0.025, 1e-8));

  s.kind = Schedule::Kind::cosine;  // from 0.1 down to 0.01 over 100 steps
  s.total = 100;
  s.minimum = 0.01f;
  CHECK_THAT(s.at(0), WithinAbs(0.1, 1e-7));
  CHECK_THAT(s.at(50), WithinAbs(0.055, 1e-7));  // halfway: the mean
  CHECK_THAT(s.at(100), WithinAbs(0.01, 1e-7));
  CHECK_THAT(s.at(500), WithinAbs(0.01, 1e-7));  // stays at the minimum

  s.warmup = 4;  // linear warmup, then the cosine from its start
  CHECK_THAT(s.at(0), WithinAbs(0.025, 1e-8));
  CHECK_THAT(s.at(3), WithinAbs(0.1, 1e-8));
  CHECK_THAT(s.at(4), WithinAbs(0.1, 1e-7));
  CHECK_THAT(s.at(54), WithinAbs(0.055, 1e-7));

  CHECK_THROWS_WITH(parse_schedule("linear"), Catch::Contains("use constant, step"));
  s.gamma = 1.5f;
  CHECK_THROWS_WITH(s.validate(), Catch::Contains("decay rate must be in (0, 1]"));
}

TEST_CASE("gradient clipping by global norm and by value", "[clipping]") {
  std::vector<float> g = {3.0f, 4.0f};  // ‖g‖ = 5
  CHECK_THAT(clip_by_global_norm(g, 1.0f), WithinAbs(5.0, 1e-6));
  CHECK_THAT(g[0], WithinAbs(0.6, 1e-6));  // direction kept, norm 1
  CHECK_THAT(g[1], WithinAbs(0.8, 1e-6));
  clip_by_global_norm(g, 10.0f);  // under the limit: untouched
  CHECK_THAT(g[0], WithinAbs(0.6, 1e-6));

  std::vector<float> v = {-3.0f, 0.2f, 7.0f};
  clip_by_value(v, 0.5f);
  CHECK(v == std::vector<float>{-0.5f, 0.2f, 0.5f});
}

TEST_CASE("L1 and L2 penalties touch weights only and add to the loss", "[regularization]") {
  Model model(Architecture::from_sizes("2-1", "relu", LossKind::mse), 1);
  // layers: dense(2→1), relu. W = (0.5, −2), b = 3.
  auto p = model.parameters();
  p[0] = 0.5f, p[1] = -2.0f, p[2] = 3.0f;
  model.zero_gradients();
  // penalty = 0.1·(0.5 + 2) + ½·0.2·(0.25 + 4) = 0.25 + 0.425
  CHECK_THAT(add_weight_penalties(model, 0.1f, 0.2f), WithinAbs(0.675, 1e-6));
  const auto g = model.gradients();
  CHECK_THAT(g[0], WithinAbs(0.1 + 0.2 * 0.5, 1e-6));  // λ₁ sign(w) + λ₂ w
  CHECK_THAT(g[1], WithinAbs(-0.1 - 0.2 * 2.0, 1e-6));
  CHECK(g[2] == 0.0f);  // the bias is not penalized
}

TEST_CASE("max-norm rescales each neuron's incoming weights", "[regularization]") {
  Model model(Architecture::from_sizes("2-2", "relu", LossKind::mse), 1);
  auto p = model.parameters();  // W (2×2) then b (2)
  p[0] = 3.0f, p[1] = 0.1f;     // row 0: inputs→(neuron 0, neuron 1)
  p[2] = 4.0f, p[3] = 0.2f;     // neuron 0's column (3, 4) has norm 5; neuron 1's is small
  p[4] = 10.0f;                 // biases are not constrained
  apply_max_norm(model, 1.0f);
  CHECK_THAT(p[0], WithinAbs(0.6, 1e-6));
  CHECK_THAT(p[2], WithinAbs(0.8, 1e-6));
  CHECK(p[1] == 0.1f);
  CHECK(p[3] == 0.2f);
  CHECK(p[4] == 10.0f);
}

TEST_CASE("dropout: inverted scaling in training, identity in eval, seeded masks", "[dropout]") {
  Dropout a({1000}, 0.25f), b({1000}, 0.25f);
  std::vector<float> cache_a(a.cache_size(1)), cache_b(b.cache_size(1));
  a.bind_buffers(cache_a, {}, 1), b.bind_buffers(cache_b, {}, 1);
  Rng ra(5), rb(5);
  a.initialize(ra), b.initialize(rb);
  a.set_training(true), b.set_training(true);
  const std::vector<float> x(1000, 1.0f);
  std::vector<float> ya(1000), yb(1000);
  a.forward(x, ya, 1);
  b.forward(x, yb, 1);
  CHECK(ya == yb);  // same seed, same mask
  std::size_t dropped = 0;
  double sum = 0.0;
  for (float v : ya) {
    dropped += v == 0.0f;
    sum += v;
    CHECK((v == 0.0f || std::abs(v - 1.0f / 0.75f) < 1e-6));
  }
  CHECK(std::abs(static_cast<double>(dropped) / 1000.0 - 0.25) < 0.05);
  CHECK(std::abs(sum / 1000.0 - 1.0) < 0.07);  // the expectation is preserved
  std::vector<float> dx(1000);
  a.backward(x, ya, x, dx, 1);  // dy = 1: dx is the mask itself
  CHECK(dx == ya);
  a.set_training(false);
  a.forward(x, ya, 1);
  CHECK(ya == x);
}

TEST_CASE("early stopping waits `patience` evaluations and restores the best", "[early-stop]") {
  Model model(Architecture::from_sizes("2-1", "relu", LossKind::mse), 1);
  EarlyStopping stop(2);
  model.parameters()[0] = 1.0f;
  CHECK_FALSE(stop.update(0.5f, model));
  model.parameters()[0] = 2.0f;
  CHECK_FALSE(stop.update(0.3f, model));  // best so far, weights saved
  model.parameters()[0] = 3.0f;
  CHECK_FALSE(stop.update(0.4f, model));  // 1 without improvement
  model.parameters()[0] = 4.0f;
  CHECK(stop.update(0.35f, model));  // 2: stop, put back the best weights
  CHECK(model.parameters()[0] == 2.0f);
  CHECK(stop.best_evaluation() == 2);
  CHECK(stop.best_loss() == 0.3f);
}

namespace {

// Iris (4-8-3 relu, softmax cross-entropy) trained with plain SGD.
struct IrisRun {
  Dataset data = make_problem("iris").train;
  Model model{Architecture::from_sizes("4-8-3", "relu", LossKind::softmax_cross_entropy), 1};
  Sgd sgd;
  Trainer trainer;
  explicit IrisRun(float learning_rate,
                   TrainOptions options = {.batch_size = 16, .shuffle_seed = 2})
      : sgd(learning_rate), trainer(model, sgd, data, options) {}
};

// Steps until TrainingDiverged and returns its message, or "" when `limit`
// steps pass quietly; `states[k]` holds the parameters before step k + 1.
std::string diverge(Trainer& trainer, const Model& model, std::size_t limit,
                    std::vector<std::vector<float>>& states) {
  for (std::size_t step = 0; step < limit; ++step) {
    states.emplace_back(model.parameters().begin(), model.parameters().end());
    try {
      trainer.step(1);
    } catch (const TrainingDiverged& e) {
      return e.what();
    }
  }
  return "";
}

}  // namespace

TEST_CASE("SGD at learning rate 10 diverges with advice; at 0.05 it does not", "[divergence]") {
  IrisRun run(10.0f);
  std::vector<std::vector<float>> states;
  const std::string message = diverge(run.trainer, run.model, 1000, states);
  CHECK(message ==
        "training diverged at step 3: the loss grew from 1.668 to 38.41 (smoothed); try a learning "
        "rate below 10");
  // The run is over: the next call says so again, and trains nothing.
  CHECK_THROWS_WITH(run.trainer.step(1), message);
  CHECK(run.trainer.total_steps() == 2);

  IrisRun normal(0.05f);
  CHECK_NOTHROW(normal.trainer.step(300 * normal.trainer.batches_per_epoch()));
  CHECK(evaluate(normal.model, normal.data).accuracy() > 0.9);
}

TEST_CASE("after a divergence the weights are a snapshot the model really had", "[divergence]") {
  // A warmup to lr 10 over 100 steps: Iris trains well at first, then explodes.
  TrainOptions options{.batch_size = 16, .shuffle_seed = 2};
  options.use_schedule = true;
  options.schedule.base = 10.0f;
  options.schedule.warmup = 100;
  IrisRun run(10.0f, options);
  std::vector<std::vector<float>> states;
  const std::string message = diverge(run.trainer, run.model, 1000, states);
  CHECK(message ==
        "training diverged at step 78: the loss grew from 1.668 to 21.43 (smoothed); try a "
        "learning rate below 7.8");
  // The snapshot of step 51 (snapshots every 50 steps, loss no worse than at the
  // start): not the initial weights, and not the exploded ones.
  REQUIRE(run.trainer.snapshot_step() == 51);
  const auto& kept = states[run.trainer.snapshot_step() - 1];
  CHECK(std::equal(kept.begin(), kept.end(), run.model.parameters().begin()));
  CHECK(kept != states.front());
  for (float p : run.model.parameters()) REQUIRE(std::isfinite(p));
  // Those weights are good: better than the untrained model on the whole set.
  Model initial(Architecture::from_sizes("4-8-3", "relu", LossKind::softmax_cross_entropy), 1);
  CHECK(evaluate(run.model, run.data).mean_loss < 0.5f * evaluate(initial, run.data).mean_loss);
}

TEST_CASE("a loss that overflows stops training with finite weights from before it",
          "[divergence]") {
  Dataset data;
  data.count = 4, data.input_size = 2, data.target_size = 1;
  data.inputs = {10, 20, -30, 5, 40, -10, 25, 25};
  data.targets = {1, -2, 3, 0};
  Model model(Architecture::from_sizes("2-8-1", "linear", LossKind::mse), 3);
  Sgd sgd(10.0f);  // far too large: the loss explodes within a few steps
  Trainer trainer(model, sgd, data, {.batch_size = 4, .shuffle_seed = 1});
  std::vector<std::vector<float>> states;
  const std::string message = diverge(trainer, model, 100, states);
  CHECK(message ==
        "training diverged at step 2: the loss grew from 816.9 to 3.504e+18 (smoothed); try a "
        "learning rate below 10");
  REQUIRE(trainer.snapshot_step() == 1);
  CHECK(std::equal(states[0].begin(), states[0].end(), model.parameters().begin()));
}

TEST_CASE("clipping by norm bounds every SGD step by η·c; without it the run diverges",
          "[clipping]") {
  // The Iris run that diverges above, clipped.
  const float rate = 10.0f, clip = 0.05f;
  TrainOptions options{.batch_size = 16, .shuffle_seed = 2};
  options.clip_norm = clip;
  IrisRun clipped(rate, options);
  std::vector<float> before;
  double largest = 0.0;
  for (std::size_t step = 0; step < 2000; ++step) {
    before.assign(clipped.model.parameters().begin(), clipped.model.parameters().end());
    clipped.trainer.step(1);
    double squared = 0.0;
    for (std::size_t i = 0; i < before.size(); ++i) {
      const double d = double{clipped.model.parameters()[i]} - double{before[i]};
      squared += d * d;
    }
    const double moved = std::sqrt(squared);
    INFO("step " << step + 1);
    // SGD moves by η·‖g‖ and clipping makes ‖g‖ ≤ c; float rounding of each
    // parameter adds at most a few ulps.
    REQUIRE(moved <= rate * clip * (1.0 + 1e-5));
    largest = std::max(largest, moved);
  }
  CHECK(largest > 0.99 * rate * clip);  // the clip was active, not idle
  CHECK(evaluate(clipped.model, clipped.data).accuracy() > 0.9);

  IrisRun unclipped(rate);
  std::vector<std::vector<float>> states;
  CHECK_THAT(diverge(unclipped.trainer, unclipped.model, 2000, states),
             Catch::StartsWith("training diverged at step 3: "));
}

TEST_CASE("clipping by value bounds every SGD step by η·v per weight", "[clipping]") {
  const float rate = 2.0f, clip = 0.05f;
  const Dataset data = make_xor();
  Model model(Architecture::from_sizes("2-4-1", "sigmoid", LossKind::mse), 1);
  Sgd sgd(rate);
  TrainOptions options{.batch_size = 4, .shuffle_seed = 1};
  options.clip_value = clip;
  Trainer trainer(model, sgd, data, options);
  std::vector<float> before;
  float largest = 0.0f;
  for (std::size_t step = 0; step < 200; ++step) {
    before.assign(model.parameters().begin(), model.parameters().end());
    trainer.step(1);
    for (std::size_t i = 0; i < before.size(); ++i) {
      const float moved = std::abs(model.parameters()[i] - before[i]);
      REQUIRE(moved <= rate * clip * (1.0f + 1e-5f));
      largest = std::max(largest, moved);
    }
  }
  CHECK(largest > 0.99f * rate * clip);
}

TEST_CASE("precision, recall and a seeded validation split", "[metrics]") {
  Evaluation e;
  e.classes = 2;
  e.confusion = {3, 1,   // true 0: 3 right, 1 called 1
                 2, 4};  // true 1: 2 called 0, 4 right
  CHECK_THAT(e.precision(0), WithinAbs(3.0 / 5.0, 1e-12));
  CHECK_THAT(e.recall(0), WithinAbs(3.0 / 4.0, 1e-12));
  CHECK_THAT(e.precision(1), WithinAbs(4.0 / 5.0, 1e-12));
  CHECK_THAT(e.recall(1), WithinAbs(4.0 / 6.0, 1e-12));

  Dataset data;
  data.count = 10, data.input_size = 1, data.target_size = 1;
  for (int i = 0; i < 10; ++i) data.inputs.push_back(float(i)), data.targets.push_back(float(i));
  const auto [train, validation] = split_dataset(data, 0.2, 7);
  CHECK(train.count == 8);
  CHECK(validation.count == 2);
  std::vector<float> all = train.inputs;
  all.insert(all.end(), validation.inputs.begin(), validation.inputs.end());
  std::sort(all.begin(), all.end());
  CHECK(all == data.inputs);                                              // a partition
  CHECK(train.targets == train.inputs);                                   // rows stay paired
  CHECK(split_dataset(data, 0.2, 7).second.inputs == validation.inputs);  // seeded
  CHECK_THROWS_WITH(split_dataset(data, 1.5, 7), Catch::Contains("must be in (0, 1)"));
}
