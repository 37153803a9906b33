#pragma once
// Training from JS: a session owns a model, its optimizer, its data and a
// step-driven Trainer, so a web worker can call step(n) between messages.
// Options arrive as plain JS objects (see web/src/engine/training.ts for the
// typed shapes); every bad field is reported by its JS name and allowed range.
#include <emscripten/val.h>

#include <memory>
#include <optional>

#include "glassbox/core/dataset.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox::wasm {

using emscripten::val;

class TrainingSession {
public:
  // architecture: {sizes: number[], activation, loss, dropout, init} or {json: string}
  // data: {inputs: Float32Array, targets: Float32Array, count: number}
  // options: {optimizer, learningRate, momentum, weightDecay, batchSize, seed, l1, l2,
  //           maxNorm, clipNorm, clipValue, schedule: {...}, shiftPixels, imageWidth,
  //           imageHeight}
  val start(const val& architecture, const val& data, const val& options);
  bool is_started() const { return trainer_ != nullptr; }
  // Result<{batches, samples, meanLoss, epoch, stepInEpoch, learningRate, totalSteps,
  //         batchesPerEpoch}>
  // batches: a whole number (a val, so a string gets a message, not a coercion).
  val step(const val& batches);
  // Result<{count, correct, accuracy, meanLoss, classes, confusion: number[],
  //         precision: number[], recall: number[]}>
  val evaluate(const val& data);
  val to_safetensors() const;
  // Result<Uint8Array>: the live model exported, as Network.exportModel.
  val export_model(const val& format, const val& model_file) const;
  // Result<Float32Array>: a copy of the live model's parameters (the layout of
  // Network.parameters(), so a Network of the same architecture can take them).
  val parameters() const;
  // Every number of one sample's forward and backward pass through the live
  // model, and the step this session's optimizer (a copy, with its state:
  // Adam's m and v) would take on that sample's gradient. Nothing changes.
  val trace(const val& input, const val& target);
  std::string architecture_json() const;
  // Result<{examples, profile: Float64Array (T), ratio}>: the gradient through
  // time of the live model's first recurrent layer over the first `count`
  // examples of `data` (glassbox/inspect/gradient_through_time.hpp).
  val gradient_through_time(const val& data, const val& count);
  // Result<Uint8Array>: the whole run (weights, optimizer state, position;
  // glassbox/train/checkpoint.hpp), to continue it later.
  val save_state() const;
  // Result<null>: continues a saved run. The session must have been started
  // with the same architecture, options and data; anything else is refused by
  // name and leaves the session as it was.
  val restore_state(const val& bytes);

private:
  std::optional<Model> model_;
  std::unique_ptr<Optimizer> optimizer_;
  Dataset data_;
  std::unique_ptr<Trainer> trainer_;
};

}  // namespace glassbox::wasm
