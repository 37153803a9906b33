#include "glassbox/train/sequence_run.hpp"

#include <algorithm>
#include <chrono>
#include <memory>

#include "glassbox/core/error.hpp"
#include "glassbox/inspect/gradient_through_time.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox {

double sequence_metric(Model& model, const SequenceData& data, bool regression) {
  const Evaluation e = evaluate(model, data.test);
  return regression ? e.mean_loss : e.accuracy();
}

double gradient_ratio(Model& model, const SequenceData& data) {
  return gradient_through_time(model, data.test, 64).ratio;
}

SequenceRunResult run_sequence_task(const SequenceRunOptions& o) {
  const SequenceTaskInfo& task = find_sequence_task(o.task);
  const CellDefaults& d = task.defaults(o.cell);
  const SequenceData data =
      make_sequence_task(o.task, {.seed = o.seed,
                                  .length = o.length > 0 ? o.length : d.length,
                                  .train_samples = o.train_samples,
                                  .test_samples = o.test_samples});
  SequenceRunResult result;
  result.length = data.length;
  result.units = o.units > 0 ? o.units : d.units;
  result.steps = o.steps > 0 ? o.steps : d.steps;
  result.regression = task.regression;
  result.baseline = sequence_baseline(o.task, data.length);
  const std::size_t batch = o.batch_size > 0 ? o.batch_size : d.batch_size;
  const float lr = o.learning_rate > 0.0f ? o.learning_rate : d.learning_rate;
  require(o.eval_every >= 1, "eval_every must be at least 1");

  Model model(
      Architecture::from_json(sequence_architecture(o.task, o.cell, result.units, data.length)),
      o.seed);
  result.gradient_ratio_start = gradient_ratio(model, data);
  Adam adam(lr);
  require(!o.curriculum || o.task == "parity", "a length curriculum applies to parity only");
  // The curriculum's stage: its data (the last `active` bits random) and a trainer over it.
  std::size_t active = o.curriculum ? std::min<std::size_t>(2, data.length) : 0;
  const auto stage_data = [&](std::size_t k) {
    return make_sequence_task(o.task, {.seed = o.seed + k,
                                       .length = data.length,
                                       .train_samples = o.train_samples,
                                       .test_samples = o.test_samples,
                                       .active = k});
  };
  SequenceData stage = o.curriculum ? stage_data(active) : data;
  auto trainer = std::make_unique<Trainer>(
      model, adam, stage.train,
      TrainOptions{.batch_size = batch, .shuffle_seed = o.seed, .clip_norm = o.clip_norm});
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t done = 0; done < result.steps;) {
    const std::size_t chunk = std::min(o.eval_every, result.steps - done);
    trainer->step(chunk);
    done += chunk;
    const double metric = sequence_metric(model, data, task.regression);
    result.history.push_back({done, metric});
    if (result.solved_at == 0 && sequence_solved(task, metric, data.length))
      result.solved_at = done;
    if (o.curriculum && active < data.length && sequence_metric(model, stage, false) >= 0.95) {
      stage = stage_data(++active);
      trainer = std::make_unique<Trainer>(
          model, adam, stage.train,
          TrainOptions{
              .batch_size = batch, .shuffle_seed = o.seed + active, .clip_norm = o.clip_norm});
    }
  }
  result.active = active;
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  result.metric = result.history.empty() ? sequence_metric(model, data, task.regression)
                                         : result.history.back().metric;
  result.gradient_ratio_end = gradient_ratio(model, data);
  return result;
}

}  // namespace glassbox
