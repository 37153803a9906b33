#pragma once
// The character-level language model (Karpathy's char-rnn, small): read
// characters of the embedded corpus (data/char_corpus.hpp), predict the next
// one at every position, then sample new text one character at a time.
//
// Model: embedding (V, 32) → lstm 128 units, every step's h_t (T, 128) →
// dense to V logits per position (T, V); sparse softmax cross-entropy.
// scripts/architectures/char-lstm.json holds the same architecture (a test
// keeps the two equal; the TF.js benchmark reads the file).
//
// Context: the model is trained on windows of T characters that start from a
// zero state, so when it samples or is read for the colouring it sees what it
// was trained on: at position t, characters max(0, t−T+1) … t, from a zero
// state. (Carrying the state over the whole text would show it sequences
// longer than any it learned on.)
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/data/char_corpus.hpp"
#include "glassbox/model/model.hpp"

namespace glassbox {

struct CharModelOptions {
  std::size_t window = 32;  // T: characters per training window (the context)
  std::size_t embedding = 32, units = 128;
};

struct CharTrainOptions {
  float learning_rate = 1e-2f;  // Adam
  std::size_t batch_size = 32;
  std::size_t steps = 100;
  float clip_norm = 1.0f;  // global gradient-norm clipping
  std::size_t train_windows = 2000, test_windows = 256;
};

struct CharDefaults {
  CharModelOptions model;
  CharTrainOptions train;
};
// Known-good defaults (tests/engine/test_char_model.cpp holds them to their bar).
CharDefaults char_defaults();

Architecture char_architecture(const CharCorpus& corpus, const CharModelOptions& options = {});

// softmax(logits / τ) in double: p_i = exp((z_i − max z) / τ) / Σ_j exp((z_j − max z) / τ).
// τ = 1 is the model's own distribution; τ < 1 sharpens it toward the argmax,
// τ > 1 flattens it toward uniform. Throws Error for τ outside [min, max].
inline constexpr double min_temperature = 0.01, max_temperature = 10.0;
std::vector<double> temperature_probabilities(const std::vector<float>& logits, double temperature);

// Next-character logits at every position of `ids` (len, V), each position t
// read from its own window (see "Context" above); windows are batched.
std::vector<float> char_logits(Model& model, const std::vector<std::int32_t>& ids);

struct CharSample {
  std::string text;  // the generated characters only (not the prompt)
  // For each generated character: its probability under softmax(logits / τ).
  std::vector<double> probabilities;
};
inline constexpr std::size_t max_sample_count = 2000;
inline constexpr std::size_t max_prompt_length = 2000;
// Feeds `prompt` (every character must be in the vocabulary: else Error naming
// it and the allowed set), then draws `count` characters in turn from
// softmax(logits / τ) with Rng(seed): u = uniform [0, 1), the first id whose
// cumulative probability exceeds u. Throws Error for an empty or too long
// prompt, count outside [1, max_sample_count], or τ outside its range.
CharSample sample_text(Model& model, const CharCorpus& corpus, const std::string& prompt,
                       std::size_t count, double temperature, std::uint64_t seed);

// h_t of LSTM unit `unit` at every position of `text`, each from its own
// window as in sampling: tanh-bounded values in (−1, 1), one per character.
// Read from the recurrent layer's output, which is its "hidden" internal.
std::vector<float> unit_activations(Model& model, const CharCorpus& corpus, const std::string& text,
                                    std::size_t unit);

struct CharRun {
  double accuracy = 0.0;  // test next-character accuracy
  double loss = 0.0;      // test mean cross-entropy, nats per character
  double seconds = 0.0;   // training steps only
  std::size_t steps = 0, samples = 0;
};
// Trains a fresh model from `seed` (weights, windows, shuffling) and measures it
// on the test windows; `model_out` receives the model when given.
CharRun run_char_model(const CharDefaults& settings, std::uint64_t seed,
                       Model* model_out = nullptr);

}  // namespace glassbox
