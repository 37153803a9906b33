// The character-level language model: corpus, encoding, windows, the
// temperature, sampling and the unit read-out (train/char_model.hpp).
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "glassbox/core/error.hpp"
#include "glassbox/train/char_model.hpp"

using namespace glassbox;

namespace {

const std::string allowed = "allowed: ␣!'(),-.:;?abcdefghijklmnopqrstuvwxyz (␣ is the space)";

// One model trained with the defaults and seed 1, shared by the tests below.
struct Trained {
  Model model{char_architecture(char_corpus()), 1};
  CharRun run;
  Trained() { run = run_char_model(char_defaults(), 1, &model); }
};
Trained& trained() {
  static Trained t;
  return t;
}

// A copy of `model` whose input is exactly `length` characters (same weights):
// the naive reference for the windowed reads, which pad to T instead.
Model with_length(const Model& model, std::size_t length) {
  Architecture a = model.architecture();
  a.input = {length};
  Model copy(a, 1);
  std::copy(model.parameters().begin(), model.parameters().end(), copy.parameters().begin());
  return copy;
}

}  // namespace

TEST_CASE("char corpus: the embedded text, its source and vocabulary", "[chars]") {
  const CharCorpus& c = char_corpus();
  CHECK(c.text.size() == 5001);
  CHECK(c.text.substr(0, 40) == "alice was beginning to get very tired of");
  CHECK(
      c.source ==
      "Lewis Carroll, Alice's Adventures in Wonderland (1865), chapter I, opening; public domain");
  // The vocabulary, counted independently: every byte that occurs, in order.
  bool seen[256] = {};
  for (const char ch : c.text) seen[static_cast<unsigned char>(ch)] = true;
  std::string expected;
  for (int b = 0; b < 256; ++b)
    if (seen[b]) expected += static_cast<char>(b);
  CHECK(c.vocabulary == expected);
  CHECK(c.vocabulary == " !'(),-.:;?abcdefghijklmnopqrstuvwxyz");
  CHECK(c.train_characters == 5001 - 500);
}

TEST_CASE("char corpus: encode and decode", "[chars]") {
  const CharCorpus& c = char_corpus();
  // ' ' is id 0, '!' 1, ..., '?' 10, 'a' 11, 'b' 12, ..., 'z' 36.
  CHECK(encode_chars(c, "a b?") == std::vector<std::int32_t>{11, 0, 12, 10});
  CHECK(encode_chars(c, "z") == std::vector<std::int32_t>{36});
  CHECK(decode_chars(c, {11, 0, 12, 10}) == "a b?");
  CHECK(decode_chars(c, encode_chars(c, c.text)) == c.text);
  CHECK(encode_chars(c, "").empty());
  CHECK_THROWS_WITH(encode_chars(c, "Alice"),
                    "the character 'A' at position 1 is not in the model's vocabulary; " + allowed);
  CHECK_THROWS_WITH(encode_chars(c, "caf\xc3\xa9!"),
                    "the character 'é' at position 4 is not in the model's vocabulary; " + allowed);
  CHECK_THROWS_WITH(
      encode_chars(c, "a\nb"),
      "the character U+000A at position 2 is not in the model's vocabulary; " + allowed);
  CHECK_THROWS_WITH(decode_chars(c, {37}), "character id 37 is outside [0, 37)");
  CHECK_THROWS_WITH(decode_chars(c, {-1}), "character id -1 is outside [0, 37)");
}

TEST_CASE("char corpus: seeded windows predict the next character", "[chars]") {
  const CharCorpus& c = char_corpus();
  const CharSplit a = make_char_data(c, 16, 7, 300, 40);
  const CharSplit b = make_char_data(c, 16, 7, 300, 40);
  CHECK(a.train.tokens == b.train.tokens);
  CHECK(make_char_data(c, 16, 8, 300, 40).train.tokens != a.train.tokens);
  REQUIRE(a.train.count == 300);
  REQUIRE(a.test.count == 40);
  REQUIRE(a.train.input_size == 16);
  REQUIRE(a.train.target_size == 16);
  const std::string train_part = c.text.substr(0, c.train_characters);
  const std::string test_part = c.text.substr(c.train_characters);
  auto check = [&](const Dataset& d, const std::string& part) {
    for (std::size_t n = 0; n < d.count; ++n) {
      const std::vector<std::int32_t> in(d.tokens.begin() + n * 16, d.tokens.begin() + n * 16 + 16);
      const std::vector<std::int32_t> out(d.labels.begin() + n * 16,
                                          d.labels.begin() + n * 16 + 16);
      const std::string x = decode_chars(c, in), y = decode_chars(c, out);
      // The labels are the inputs shifted by one, and both lie in their part.
      const std::size_t at = part.find(x + y.back());
      REQUIRE(at != std::string::npos);
      REQUIRE(y == part.substr(at + 1, 16));
    }
  };
  check(a.train, train_part);
  check(a.test, test_part);
  CHECK_THROWS_WITH(make_char_data(c, 1, 1), "the window must be 2 to 256 characters, got 1");
  CHECK_THROWS_WITH(make_char_data(c, 257, 1), "the window must be 2 to 256 characters, got 257");
  CHECK_THROWS_WITH(make_char_data(c, 16, 1, 0, 5),
                    "the train and test counts must be 1 to 100000, got 0 and 5");
}

TEST_CASE("char model: the architecture file agrees with the engine's", "[chars]") {
  std::ifstream file(std::string(GLASSBOX_SOURCE_DIR) + "/scripts/architectures/char-lstm.json");
  REQUIRE(file);
  std::stringstream text;
  text << file.rdbuf();
  const Architecture a = char_architecture(char_corpus());
  // Both read back through the parser, which fills in the defaults (dense init, truncate).
  CHECK(Architecture::from_json(text.str()).to_json() ==
        Architecture::from_json(a.to_json()).to_json());
  // embedding 37·32 + LSTM 4·128·(32 + 128) + 2·4·128 + dense 128·37 + 37
  CHECK(a.parameter_count() == 37 * 32 + 4 * 128 * (32 + 128) + 2 * 4 * 128 + 128 * 37 + 37);
  CHECK(a.output_shape() == Shape{32, 37});
}

TEST_CASE("char model: softmax at a temperature, by hand", "[chars]") {
  // z = (1, 2, 3): p_i = exp((z_i − 3)/τ) / Σ_j exp((z_j − 3)/τ), in Python's double.
  auto near = [](const std::vector<double>& p, std::vector<double> want) {
    REQUIRE(p.size() == want.size());
    for (std::size_t i = 0; i < p.size(); ++i) CHECK(p[i] == Approx(want[i]).epsilon(1e-9));
  };
  near(temperature_probabilities({1, 2, 3}, 1.0), {0.090030573170, 0.244728471055, 0.665240955775});
  near(temperature_probabilities({1, 2, 3}, 0.5), {0.015876239976, 0.117310427826, 0.866813332197});
  near(temperature_probabilities({1, 2, 3}, 2.0), {0.186323723226, 0.307195885718, 0.506480391056});
  // The smallest τ is all but the argmax; the largest all but uniform.
  const std::vector<double> cold = temperature_probabilities({1, 2, 3}, min_temperature);
  CHECK(cold[1] < 1e-40);  // e^−100
  CHECK(cold[1] == Approx(std::exp(-100.0)).epsilon(1e-9));
  const std::vector<double> hot = temperature_probabilities({1, 2, 3}, max_temperature);
  CHECK(hot[2] - hot[0] < 0.07);
  // Large logits do not overflow (the maximum is subtracted first).
  near(temperature_probabilities({1000, 1000}, 1.0), {0.5, 0.5});
  CHECK_THROWS_WITH(temperature_probabilities({1, 2}, 0.0),
                    "the temperature must be from 0.01 to 10, got 0");
  CHECK_THROWS_WITH(temperature_probabilities({1, 2}, 0.005),
                    "the temperature must be from 0.01 to 10, got 0.005");
  CHECK_THROWS_WITH(temperature_probabilities({1, 2}, 11),
                    "the temperature must be from 0.01 to 10, got 11");
  CHECK_THROWS_WITH(temperature_probabilities({1, 2}, std::nan("")),
                    "the temperature must be from 0.01 to 10, got nan");
}

TEST_CASE("char model: the default training beats the unigram baseline", "[chars]") {
  const CharCorpus& c = char_corpus();
  const CharSplit data = make_char_data(c, 32, 1, 2000, 256);
  // The baseline, from character counts: the training text's frequencies q
  // predict every test label; accuracy = always the most frequent character,
  // loss = −mean log q(label).
  std::map<std::int32_t, double> count;
  for (const std::int32_t id : encode_chars(c, c.text.substr(0, c.train_characters))) count[id]++;
  std::int32_t most = 0;
  for (const auto& [id, n] : count)
    if (n > count[most]) most = id;
  CHECK(most == 0);  // the space
  double hits = 0, nats = 0;
  for (const std::int32_t label : data.test.labels) {
    hits += label == most;
    nats -= std::log(count[label] / static_cast<double>(c.train_characters));
  }
  const double base_accuracy = hits / data.test.labels.size();
  const double base_loss = nats / data.test.labels.size();
  const CharRun& run = trained().run;
  INFO("accuracy " << run.accuracy << " (unigram " << base_accuracy << "), loss " << run.loss
                   << " (unigram " << base_loss << ")");
  CHECK(run.steps == 100);
  // 2000 windows: an epoch is 62 batches of 32 and one of 16; 100 steps = 63 + 37.
  CHECK(run.samples == 62 * 32 + 16 + 37 * 32);
  // Measured 2026-12-02: accuracy 0.4602, loss 2.0068 (seed 1; wasm gives the same).
  CHECK(run.accuracy >= 0.40);
  CHECK(run.accuracy >= 2.0 * base_accuracy);
  CHECK(run.loss <= base_loss - 0.7);
}

TEST_CASE("char model: sampling at the smallest temperature is the argmax", "[chars]") {
  const CharCorpus& c = char_corpus();
  Model& model = trained().model;
  const std::string prompt = "down the rabbit";
  const CharSample sample = sample_text(model, c, prompt, 40, min_temperature, 3);
  // The reference, each step from the sample's own history: the context
  // through a model of exactly its length (no padding), the largest logit of
  // its last position. When the runner-up is within 0.1, τ = 0.01 still gives
  // it odds up to e^−10, so only a top-two pick is asked of those steps.
  std::size_t clear = 0;
  for (std::size_t k = 0; k < 40; ++k) {
    const std::string text = prompt + sample.text.substr(0, k);
    const std::size_t m = std::min<std::size_t>(text.size(), 32);
    Model exact = with_length(model, m);
    const std::vector<std::int32_t> ids = encode_chars(c, text.substr(text.size() - m));
    const std::span<const float> y = exact.forward(std::vector<float>(ids.begin(), ids.end()), 1);
    std::vector<float> last(y.end() - 37, y.end());
    std::vector<std::size_t> order(37);
    for (std::size_t i = 0; i < 37; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](auto a, auto b) { return last[a] > last[b]; });
    const std::size_t got = c.vocabulary.find(sample.text[k]);
    if (last[order[0]] - last[order[1]] > 0.1f) {
      ++clear;
      CHECK(got == order[0]);
      CHECK(sample.probabilities[k] > 0.9999);
    } else {
      CHECK((got == order[0] || got == order[1]));
    }
  }
  CHECK(clear >= 36);
}

TEST_CASE("char model: sampling is seeded and follows the temperature", "[chars]") {
  const CharCorpus& c = char_corpus();
  Model& model = trained().model;
  const CharSample a = sample_text(model, c, "alice ", 200, 1.0, 5);
  CHECK(a.text.size() == 200);
  CHECK(a.probabilities.size() == 200);
  CHECK(sample_text(model, c, "alice ", 200, 1.0, 5).text == a.text);
  CHECK(sample_text(model, c, "alice ", 200, 1.0, 6).text != a.text);
  // Each reported probability is softmax(logits / τ) of the drawn character,
  // recomputed here from the model's logits over prompt + sample.
  const CharSample hot = sample_text(model, c, "alice ", 30, 2.0, 5);
  const std::string all = "alice " + hot.text;
  const std::vector<float> logits = char_logits(model, encode_chars(c, all));
  for (std::size_t k = 0; k < 30; ++k) {
    const std::size_t t = 6 + k - 1;  // the position whose logits drew character k
    const std::vector<float> row(logits.begin() + t * 37, logits.begin() + (t + 1) * 37);
    const std::vector<double> p = temperature_probabilities(row, 2.0);
    CHECK(hot.probabilities[k] == Approx(p[c.vocabulary.find(hot.text[k])]).epsilon(1e-6));
  }
  // Colder samples are more likely under the model: mean log-probability of
  // the drawn characters, τ = 0.3 against τ = 1.5 (same seed).
  auto mean_log = [&](double tau) {
    const CharSample s = sample_text(model, c, "alice ", 200, tau, 9);
    const std::vector<float> z = char_logits(model, encode_chars(c, "alice " + s.text));
    double sum = 0;
    for (std::size_t k = 0; k < 200; ++k) {
      const std::vector<float> row(z.begin() + (5 + k) * 37, z.begin() + (6 + k) * 37);
      sum += std::log(temperature_probabilities(row, 1.0)[c.vocabulary.find(s.text[k])]);
    }
    return sum / 200;
  };
  CHECK(mean_log(0.3) > mean_log(1.5) + 0.5);
}

TEST_CASE("char model: sampling refuses bad input with a clear message", "[chars]") {
  const CharCorpus& c = char_corpus();
  Model& model = trained().model;
  CHECK_THROWS_WITH(sample_text(model, c, "", 10, 1.0, 1),
                    "the prompt is empty; type at least one character to start from");
  CHECK_THROWS_WITH(sample_text(model, c, "Alice", 10, 1.0, 1),
                    "the character 'A' at position 1 is not in the model's vocabulary; " + allowed);
  CHECK_THROWS_WITH(sample_text(model, c, "alice", 0, 1.0, 1),
                    "the number of characters to sample must be 1 to 2000, got 0");
  CHECK_THROWS_WITH(sample_text(model, c, "alice", 2001, 1.0, 1),
                    "the number of characters to sample must be 1 to 2000, got 2001");
  CHECK_THROWS_WITH(sample_text(model, c, "alice", 10, 0.0, 1),
                    "the temperature must be from 0.01 to 10, got 0");
  CHECK_THROWS_WITH(sample_text(model, c, std::string(2001, 'a'), 10, 1.0, 1),
                    "the prompt has 2001 characters; at most 2000 are allowed");
  Model other(Architecture::from_json(R"({"input": [4], "vocabulary": 5, "layers": [
      {"type": "embedding", "vocabulary": 5, "dimension": 2},
      {"type": "lstm", "units": 3, "return_sequences": true}, {"type": "dense", "units": 5}]})"),
              1);
  CHECK_THROWS_WITH(sample_text(other, c, "alice", 10, 1.0, 1),
                    "this model is not a character model of the 'alice' corpus (it needs 37 token "
                    "inputs and 37 logits per position)");
}

TEST_CASE("char model: a unit's h_t over a text, from the hidden internal", "[chars]") {
  const CharCorpus& c = char_corpus();
  Model& model = trained().model;
  // A text no longer than T: one forward over exactly that text is the reference.
  const std::string text = "she ran across the field";
  Model exact = with_length(model, text.size());
  const std::vector<std::int32_t> ids = encode_chars(c, text);
  exact.forward(std::vector<float>(ids.begin(), ids.end()), 1);
  const std::span<const float> h = exact.activation(1);  // the LSTM's output (T, 128)
  // ... which is the layer's "hidden" internal (unit_activations reads the output).
  const std::vector<Internal> internals = exact.internals(1);
  REQUIRE(internals.at(0).name == "hidden");
  REQUIRE(internals.at(0).values.size() == h.size());
  CHECK(std::equal(h.begin(), h.end(), internals.at(0).values.begin()));
  for (const std::size_t unit : {0, 17, 127}) {
    const std::vector<float> a = unit_activations(model, c, text, unit);
    REQUIRE(a.size() == text.size());
    for (std::size_t t = 0; t < text.size(); ++t) {
      CHECK(a[t] == Approx(h[t * 128 + unit]).margin(1e-6));
      CHECK(std::abs(a[t]) < 1.0f);
    }
  }
  // Longer than T: position t reads its own window of the last 32 characters.
  const std::string long_text = c.text.substr(100, 50);
  const std::vector<float> a = unit_activations(model, c, long_text, 5);
  Model window = with_length(model, 32);
  const std::vector<std::int32_t> tail = encode_chars(c, long_text.substr(50 - 32));
  window.forward(std::vector<float>(tail.begin(), tail.end()), 1);
  CHECK(a[49] == Approx(window.activation(1)[31 * 128 + 5]).margin(1e-6));
  CHECK_THROWS_WITH(unit_activations(model, c, text, 128),
                    "unit 128 does not exist; the LSTM has units 0 to 127");
  CHECK_THROWS_WITH(unit_activations(model, c, "", 0), "the text to colour is empty");
  CHECK_THROWS_WITH(unit_activations(model, c, "Hi", 0),
                    "the character 'H' at position 1 is not in the model's vocabulary; " + allowed);
}
