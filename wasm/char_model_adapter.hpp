#pragma once
// The character-level language model (engine/include/glassbox/train/
// char_model.hpp) for the web: the embedded corpus with the model's defaults,
// its seeded windows, and softmax at a temperature. Training goes through
// TrainingSession ({json} architecture, Int32Array windows); sampling and the
// unit read-out are Network methods (NetworkHandle::sample_text and
// unit_activations, defined in char_model_adapter.cpp).
#include <emscripten/val.h>

namespace glassbox::wasm {

using emscripten::val;

// {name, source, text, vocabulary, trainCharacters, minTemperature,
//  maxTemperature, maxSampleCount, maxPromptLength, defaults: {architecture
//  (JSON), window, units, learningRate, batchSize, steps, clipNorm,
//  trainWindows, testWindows}}
val char_corpus();
// Result<{train: Data, test: Data}>, Data = {inputs: Int32Array, targets:
// Int32Array, count, inputSize, targetSize} (tokens and next-character ids,
// count × window). Options {seed?, window?, trainCount?, testCount?}.
val make_char_data(const val& options);
// Result<Float64Array>: softmax(logits / τ) of a Float32Array of logits.
val temperature_probabilities(const val& logits, const val& temperature);

}  // namespace glassbox::wasm
