#pragma once
// The Attention page's inspection math (engine/include/glassbox/inspect/
// embedding_map.hpp and attention_step.hpp) for the web: PCA and cosine
// neighbours of an embedding table, one query step by step, the attention
// mass on aligned keys, and the sinusoidal positional-encoding table.
#include <emscripten/val.h>

namespace glassbox::wasm {

using emscripten::val;

// Result<{points, axes, variances, explained}> (Float32Arrays; points (rows,
// components), axes (components, features)).
val principal_components(const val& table, const val& rows, const val& features,
                         const val& components);
// Result<[{index, similarity}]>, most similar first, `index` left out.
val nearest_by_cosine(const val& table, const val& rows, const val& features, const val& index,
                      const val& k);
// Result<{scale, query, dots, scores, masked, probabilities, context,
// contextGradient?, probabilityGradient?, scoreGradient?}>. `tensors`
// {query, key, value: Float32Array (T × E)}; `options` {tokens, heads,
// headSize, head, position, causal?, outputGradient?, outWeight?}.
val explain_attention_query(const val& tensors, const val& options);
// Result<number[]>: per head, the mean attention mass on aligned keys.
val aligned_attention_mass(const val& probabilities, const val& aligned, const val& heads,
                           const val& tokens);
// Result<Float32Array>: the sinusoidal PE (T × D) the positional_encoding layer adds.
val sinusoidal_encoding(const val& tokens, const val& features);

}  // namespace glassbox::wasm

namespace glassbox::wasm {

// [{name, teaches, source, symbols, group, groupNames, defaults: {architecture,
//   dimension, learningRate, batchSize, steps}}]: the embedding tasks
// (engine/include/glassbox/data/embedding_tasks.hpp).
val embedding_task_catalog();
// Result<{inputs: Int32Array, targets: Int32Array, count, inputSize, targetSize}>.
val make_embedding_task(const val& name);

}  // namespace glassbox::wasm
