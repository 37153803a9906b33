#pragma once
// The attention tasks (engine/include/glassbox/data/token_tasks.hpp and
// train/token_runs.hpp) for the web: their catalog with known-good
// defaults, their seeded data and a model architecture per task. Training
// goes through TrainingSession ({json} architecture, Int32Array tokens and
// class ids), and attention maps come from Network.forwardAll's internals.
#include <emscripten/val.h>

namespace glassbox::wasm {

using emscripten::val;

// [{name, teaches, vocabulary, tokens, causal, symbols: string[], defaults:
//   {architecture: string (JSON), learningRate, batchSize, maxSteps, evalEvery,
//   targetAccuracy}}]
val token_task_catalog();
// Result<{train: Data, test: Data, alignedTrain: Uint8Array, alignedTest:
// Uint8Array}>, Data = {inputs: Int32Array, targets: Int32Array, count,
// inputSize, targetSize}; aligned is (count, T, T). Options {seed?,
// trainCount?, testCount?}.
val make_token_task(const val& name, const val& options);
// Result<string>: the architecture JSON for a task; options {layers?, heads?,
// dimension?, positional?: "sinusoidal" | "learned" | "none", attentionOnly?}
// override the task's default model.
val token_architecture(const val& name, const val& options);

}  // namespace glassbox::wasm
