// Every built-in problem, trained with its known-good defaults and fixed
// seeds, reaches the result it promises.
#include <catch2/catch.hpp>
#include <cstdio>

#include "glassbox/data/problems.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

namespace {

// Trains `name` with its defaults; returns the test accuracy.
double train_problem(const std::string& name) {
  const ProblemInfo& info = find_problem(name);
  const ProblemData data = make_problem(name);
  Model model(Architecture::from_sizes(info.arch, info.activation, parse_loss(info.loss)), 1);
  OptimizerOptions o;
  o.name = info.optimizer;
  o.learning_rate = info.learning_rate;
  auto optimizer = make_optimizer(o);
  Trainer trainer(model, *optimizer, data.train,
                  {.batch_size = info.batch_size, .shuffle_seed = 2});
  trainer.step(info.epochs * trainer.batches_per_epoch());
  const double accuracy = evaluate(model, data.test).accuracy();
  std::printf("  %-13s %7.2f%%  (%s, %s, %s lr %g, %zu epochs)\n", name.c_str(), 100 * accuracy,
              info.arch.c_str(), info.activation.c_str(), info.optimizer.c_str(),
              static_cast<double>(info.learning_rate), info.epochs);
  return accuracy;
}

}  // namespace

TEST_CASE("gates, circuits, Quadrant and Pattern3x3 reach 100% with their defaults", "[problems]") {
  for (const std::string name : {"and", "or", "nand", "xor", "parity3", "majority3", "half_adder",
                                 "full_adder", "adder2", "quadrant", "pattern3x3"}) {
    INFO(name);
    CHECK(train_problem(name) == 1.0);
  }
}

TEST_CASE("Iris reaches at least 95% on its held-out 30%", "[problems]") {
  CHECK(train_problem("iris") >= 0.95);
}

TEST_CASE("the 2-D toy sets are learned well above chance", "[problems]") {
  // Noise makes 100% impossible; these floors are far above chance (50% / 33%).
  CHECK(train_problem("circles") >= 0.95);
  CHECK(train_problem("moons") >= 0.95);
  CHECK(train_problem("blobs") >= 0.85);
  CHECK(train_problem("spirals") >= 0.90);
  CHECK(train_problem("checkerboard") >= 0.85);
}

TEST_CASE("problem data has the documented shapes", "[problems]") {
  const auto adder = make_problem("adder2").train;
  CHECK(adder.count == 16);
  CHECK(adder.input_size == 4);
  CHECK(adder.target_size == 3);
  CHECK(adder.multilabel);
  // 11 + 01 = 100 (3 + 1 = 4): inputs a1 a0 b1 b0 = 1 1 0 1, sum bits (lsb first) 0 0 1.
  const std::size_t row = 0b1101;
  CHECK(std::vector<float>(adder.targets.begin() + row * 3, adder.targets.begin() + row * 3 + 3) ==
        std::vector<float>{0, 0, 1});
  CHECK(adder.label(row) == 4);
  CHECK(make_problem("pattern3x3").train.count == 32);
  const auto iris = make_problem("iris");
  CHECK(iris.train.count == 105);
  CHECK(iris.test.count == 45);
  const auto blobs =
      make_problem("blobs", {.seed = 3, .samples = 100, .noise = 0.1f, .classes = 5});
  CHECK(blobs.train.target_size == 5);
  CHECK(blobs.test.count == 50);
  CHECK(make_problem("moons", {.seed = 4}).train.inputs ==
        make_problem("moons", {.seed = 4}).train.inputs);
  CHECK_THROWS_WITH(find_problem("xnor"),
                    Catch::Contains("unknown problem 'xnor'; known: and, or"));
}
