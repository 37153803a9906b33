// Training checkpoints (checkpoint.hpp): a run saved after N steps and
// restored into a fresh run of the same setup continues bit-identically, for
// every optimizer; a damaged or mismatched checkpoint is refused by name and
// changes nothing.
#include <catch2/catch.hpp>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/train/checkpoint.hpp"

using namespace glassbox;

namespace {

struct Run {
  Model model;
  std::unique_ptr<Optimizer> optimizer;
  Trainer trainer;
  Run(const Dataset& data, const std::string& optimizer_name, std::size_t seed = 7)
      : model(Architecture::from_sizes("2-8-8-" + std::to_string(data.target_size), "tanh",
                                       LossKind::mse),
              seed),
        optimizer(make_optimizer(optimizer_name, 0.01f)),
        trainer(model, *optimizer, data, {.batch_size = 16, .shuffle_seed = seed + 1}) {}
  std::vector<float> parameters() const {
    return {model.parameters().begin(), model.parameters().end()};
  }
};

Dataset moons() {
  return make_problem("moons", {}).train;
}

}  // namespace

TEST_CASE("a run resumed from a checkpoint is bit-identical to one never interrupted",
          "[checkpoint]") {
  const Dataset data = moons();
  REQUIRE(data.count > 16 * 3);
  for (const std::string name : {"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam"}) {
    INFO("optimizer " << name);
    // N = 11 steps (mid-epoch), then M = 40 more, crossing epoch boundaries (reshuffles).
    Run whole(data, name);
    std::vector<float> whole_losses;
    for (int i = 0; i < 51; ++i) whole_losses.push_back(whole.trainer.step(1).mean_loss);

    Run first(data, name);
    for (int i = 0; i < 11; ++i) first.trainer.step(1);
    const auto bytes = save_checkpoint(first.model, *first.optimizer, first.trainer, data);

    Run resumed(data, name, 7);
    load_checkpoint(bytes, resumed.model, *resumed.optimizer, resumed.trainer, data);
    CHECK(resumed.trainer.total_steps() == 11);
    CHECK(resumed.parameters() == first.parameters());
    std::vector<float> resumed_losses;
    for (int i = 0; i < 40; ++i) resumed_losses.push_back(resumed.trainer.step(1).mean_loss);
    CHECK(resumed.parameters() == whole.parameters());
    CHECK(resumed_losses == std::vector<float>(whole_losses.begin() + 11, whole_losses.end()));
    CHECK(resumed.trainer.epoch() == whole.trainer.epoch());
  }
}

TEST_CASE("the checkpoint test bites: weights and optimizer alone do not resume a run",
          "[checkpoint]") {
  // Without the trainer's order and generator (a fresh trainer) or without
  // Adam's moments, the continuation differs from the uninterrupted run.
  const Dataset data = moons();
  Run whole(data, "adam");
  whole.trainer.step(51);
  Run first(data, "adam");
  first.trainer.step(11);

  Run weights_only(data, "adam");
  std::copy(first.model.parameters().begin(), first.model.parameters().end(),
            weights_only.model.parameters().begin());
  weights_only.trainer.step(40);
  CHECK(weights_only.parameters() != whole.parameters());

  Run no_optimizer(data, "adam");
  std::copy(first.model.parameters().begin(), first.model.parameters().end(),
            no_optimizer.model.parameters().begin());
  no_optimizer.trainer.load_state(first.trainer.save_state());
  no_optimizer.trainer.step(40);
  CHECK(no_optimizer.parameters() != whole.parameters());
}

TEST_CASE("a damaged or mismatched checkpoint is refused and changes nothing", "[checkpoint]") {
  const Dataset data = moons();
  Run first(data, "adam");
  first.trainer.step(5);
  const auto bytes = save_checkpoint(first.model, *first.optimizer, first.trainer, data);

  Run target(data, "adam");
  target.trainer.step(2);
  const auto before = target.parameters();
  const auto refuse = [&](std::vector<std::uint8_t> b, Run& run, const Dataset& d,
                          const auto& message) {
    CHECK_THROWS_WITH(load_checkpoint(b, run.model, *run.optimizer, run.trainer, d), message);
  };
  refuse({}, target, data, "not a Glassbox training checkpoint (it must start with GBTRAIN1)");
  refuse({bytes.begin(), bytes.begin() + 100}, target, data,
         Catch::Contains("checkpoint is truncated in"));
  auto extra = bytes;
  extra.push_back(0);
  refuse(extra, target, data, "checkpoint has 1 bytes after its last section");
  auto lying = bytes;
  lying[8] = 200;  // section count
  refuse(lying, target, data, "checkpoint lists 200 sections; at most 64");

  Run other_optimizer(data, "rmsprop");
  refuse(bytes, other_optimizer, data, "this checkpoint was trained with adam, not rmsprop");
  Dataset other_data = data;
  other_data.inputs[0] += 1.0f;
  Run on_other_data(other_data, "adam");
  refuse(bytes, on_other_data, other_data,
         "this checkpoint was trained on other data (" + std::to_string(data.count) +
             " samples); resume it with the same training set");
  Model wider(
      Architecture::from_sizes("2-9-8-" + std::to_string(data.target_size), "tanh", LossKind::mse),
      7);
  auto adam = make_optimizer("adam", 0.01f);
  Trainer wider_trainer(wider, *adam, data, {.batch_size = 16, .shuffle_seed = 8});
  CHECK_THROWS_WITH(load_checkpoint(bytes, wider, *adam, wider_trainer, data),
                    "this checkpoint is of another architecture than the run it is restored into");

  // Nothing changed: the target continues exactly as an untouched twin.
  CHECK(target.parameters() == before);
  Run twin(data, "adam");
  twin.trainer.step(2);
  target.trainer.step(3);
  twin.trainer.step(3);
  CHECK(target.parameters() == twin.parameters());
}

TEST_CASE("a model with dropout is not checkpointed (its masks' generators are not saved)",
          "[checkpoint]") {
  const Dataset data = moons();
  Model model(Architecture::from_sizes("2-8-" + std::to_string(data.target_size), "tanh",
                                       LossKind::mse, 0.5f),
              1);
  auto sgd = make_optimizer("sgd", 0.1f);
  Trainer trainer(model, *sgd, data, {.batch_size = 16, .shuffle_seed = 2});
  trainer.step(1);
  CHECK_THROWS_WITH(
      save_checkpoint(model, *sgd, trainer, data),
      "a model with dropout cannot be checkpointed yet: its random masks are not saved");
}
