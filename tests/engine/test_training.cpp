// Training end to end on problems small enough to run in every build.
#include <catch2/catch.hpp>

#include "glassbox/data/problems.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

TEST_CASE("a 2-4-1 sigmoid network learns XOR to 100%", "[training][xor]") {
  const Dataset data = make_xor();
  Model model(Architecture::from_sizes("2-4-1", "sigmoid", LossKind::mse), 1);
  Adam adam(0.05f);
  Trainer trainer(model, adam, data, {.batch_size = 4, .shuffle_seed = 1});
  trainer.step(1000);
  const Evaluation result = evaluate(model, data);
  CHECK(result.accuracy() == 1.0);
  CHECK(result.mean_loss < 0.02f);
}

TEST_CASE("training is reproducible from a seed and steps count as batches", "[training]") {
  const Dataset data = make_xor();
  const auto arch = Architecture::from_sizes("2-3-1", "sigmoid", LossKind::mse);
  Model a(arch, 9), b(arch, 9);
  Sgd sgd_a(0.5f), sgd_b(0.5f);
  Trainer ta(a, sgd_a, data, {.batch_size = 3, .shuffle_seed = 4}),
      tb(b, sgd_b, data, {.batch_size = 3, .shuffle_seed = 4});
  CHECK(ta.batches_per_epoch() == 2);  // 4 samples in batches of 3: 3 + 1
  const StepStats first = ta.step(3);
  CHECK(first.batches == 3);
  CHECK(first.samples == 3 + 1 + 3);
  CHECK(first.epoch == 1);
  CHECK(first.step_in_epoch == 1);
  tb.step(1);
  tb.step(2);  // stepping in pieces gives the same run
  CHECK(std::equal(a.parameters().begin(), a.parameters().end(), b.parameters().begin()));
}

TEST_CASE("the trainer rejects data that does not fit the model", "[training]") {
  const Dataset data = make_xor();
  Model model(Architecture::from_sizes("3-2", "relu", LossKind::softmax_cross_entropy), 1);
  Sgd sgd(0.1f);
  CHECK_THROWS_WITH(Trainer(model, sgd, data, {}), Catch::Contains("the data has 2 inputs"));
}
