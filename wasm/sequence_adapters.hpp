#pragma once
// The sequence tasks (engine/include/glassbox/data/sequences.hpp) as JS values.
#include <emscripten/val.h>

namespace glassbox::wasm {

using emscripten::val;

// [{name, teaches, regression, features, defaultLength, minLength, maxLength,
//   defaults: {rnn, lstm, gru: {length, units, learningRate, steps, batchSize, promise}}}]
val sequence_tasks();
// Result<{train: Data, test: Data, length, classes, perStep, baseline}> with
// Data = {inputs: Float32Array, targets: Float32Array | Int32Array (class ids,
// −1 = not scored), count, inputSize, targetSize}; options {seed?, length?,
// trainSamples?, testSamples?}.
val make_sequence_task(const val& name, const val& options);
// Result<string>: the task's default architecture JSON for a cell and hidden size.
val sequence_architecture(const val& name, const val& cell, const val& units, const val& length);

// Result<'solved' | 'learning' | 'at baseline'>: where a test metric stands
// against the baseline, by the task's rule (sequence_standing in
// glassbox/data/sequences.hpp).
val sequence_standing(const val& name, const val& metric, const val& baseline);

}  // namespace glassbox::wasm
