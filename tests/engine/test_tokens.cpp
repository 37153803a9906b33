// Token-id inputs and class-id targets (one per sample, or one per time step
// with −1 ignored), trained through the sparse softmax cross-entropy.
#include <catch2/catch.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

namespace {

// "Count the 1s": 4 tokens from {0, 1}; the class is how many are 1 (0..4).
Dataset count_ones() {
  Dataset data;
  data.count = 16, data.input_size = 4, data.target_size = 1;
  for (int n = 0; n < 16; ++n) {
    int ones = 0;
    for (int t = 0; t < 4; ++t) {
      const int bit = (n >> t) & 1;
      data.tokens.push_back(bit);
      ones += bit;
    }
    data.labels.push_back(ones);
  }
  return data;
}

}  // namespace

TEST_CASE("a token model learns to count the 1s from int32 ids", "[tokens]") {
  const Dataset data = count_ones();
  Model model(Architecture::from_json(R"({"input": 4, "vocabulary": 2, "layers": [
      {"type": "dense", "units": 16}, {"type": "relu"}, {"type": "dense", "units": 5}]})"),
              3);
  Adam adam(0.02f);
  Trainer trainer(model, adam, data, {.batch_size = 16});
  trainer.step(600);
  const Evaluation result = evaluate(model, data);
  CHECK(result.count == 16);
  CHECK(result.correct == 16);
  CHECK(result.classes == 5);
  // By hand: C(4, k) samples have k ones: 1, 4, 6, 4, 1 on the diagonal.
  CHECK(result.confusion[0 * 5 + 0] == 1);
  CHECK(result.confusion[2 * 5 + 2] == 6);
  CHECK(result.confusion[4 * 5 + 4] == 1);
}

TEST_CASE("class ids per time step: ignored positions are neither trained nor counted",
          "[tokens]") {
  // 20 sequences of 5 steps × 3 features; each step's class is its largest
  // feature, and every third position is marked −1.
  Rng rng(9);
  Dataset data;
  data.count = 20, data.input_size = 15, data.target_size = 5;
  std::size_t counted = 0;
  for (std::size_t n = 0; n < 20; ++n) {
    for (std::size_t t = 0; t < 5; ++t) {
      std::size_t best = 0;
      float features[3];
      for (std::size_t d = 0; d < 3; ++d) {
        features[d] = rng.uniform(-1.0f, 1.0f);
        data.inputs.push_back(features[d]);
        if (features[d] > features[best]) best = d;
      }
      const bool ignored = (n * 5 + t) % 3 == 0;
      data.labels.push_back(ignored ? -1 : static_cast<std::int32_t>(best));
      counted += ignored ? 0 : 1;
    }
  }
  Model model(Architecture::from_json(R"({"input": [5, 3], "layers": [
      {"type": "dense", "units": 3}]})"),
              1);
  CHECK(model.output_shape() == Shape{5, 3});  // one row of logits per step
  Adam adam(0.05f);
  Trainer trainer(model, adam, data, {.batch_size = 10});
  const StepStats first = trainer.step(1);
  trainer.step(400);
  const Evaluation result = evaluate(model, data);
  CHECK(result.count == counted);  // 100 positions, 34 ignored
  CHECK(counted == 66);
  CHECK(result.accuracy() >= 0.95);
  CHECK(result.mean_loss < first.mean_loss);
}

TEST_CASE("bad token and class-id data is refused with the position named", "[tokens]") {
  Dataset data = count_ones();
  data.tokens[5] = -3;
  CHECK_THROWS_WITH(data.validate(),
                    "token 1 of sample 1 is -3; token ids must be in [0, 16777216)");
  data = count_ones();
  data.labels[2] = -2;
  CHECK_THROWS_WITH(data.validate(),
                    "class id 0 of sample 2 is -2; class ids are 0 or more, or −1 to ignore a "
                    "position");
  data = count_ones();
  data.inputs.assign(64, 0.0f);
  CHECK_THROWS_WITH(data.validate(),
                    "a dataset has either float inputs or token ids, not both and not neither");

  Model model(Architecture::from_json(R"({"input": 4, "vocabulary": 2, "layers": [
      {"type": "dense", "units": 5}]})"),
              1);
  const std::vector<float> outside = {0, 1, 2, 0};
  CHECK_THROWS_WITH(model.forward(outside, 1),
                    "token 2 of sample 0 is 2.000000; token ids must be whole numbers in [0, 2)");
  // A class id past the logits is caught by the loss, before any update.
  data = count_ones();
  data.labels[0] = 7;
  Adam adam(0.01f);
  Trainer trainer(model, adam, data, {.batch_size = 16});
  const std::vector<float> before(model.parameters().begin(), model.parameters().end());
  CHECK_THROWS_WITH(trainer.step(1), Catch::Contains("class id 7, outside [-1, 5)"));
  CHECK(std::equal(before.begin(), before.end(), model.parameters().begin()));
}
