#include "char_model_adapter.hpp"

#include "adapters.hpp"
#include "glassbox/train/char_model.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {
namespace {

constexpr double max_seed = 9007199254740991.0;  // 2^53 − 1: exact in a JS number

}  // namespace

val char_corpus() {
  const CharCorpus& c = glassbox::char_corpus();
  const CharDefaults d = char_defaults();
  val out = val::object();
  out.set("name", c.name);
  out.set("source", c.source);
  out.set("text", c.text);
  out.set("vocabulary", c.vocabulary);
  out.set("trainCharacters", c.train_characters);
  out.set("minTemperature", min_temperature);
  out.set("maxTemperature", max_temperature);
  out.set("maxSampleCount", max_sample_count);
  out.set("maxPromptLength", max_prompt_length);
  val defaults = val::object();
  defaults.set("architecture", char_architecture(c, d.model).to_json());
  defaults.set("window", d.model.window);
  defaults.set("units", d.model.units);
  defaults.set("learningRate", d.train.learning_rate);
  defaults.set("batchSize", d.train.batch_size);
  defaults.set("steps", d.train.steps);
  defaults.set("clipNorm", d.train.clip_norm);
  defaults.set("trainWindows", d.train.train_windows);
  defaults.set("testWindows", d.train.test_windows);
  out.set("defaults", defaults);
  return out;
}

val make_char_data(const val& options) {
  return guarded([&] {
    const Fields f(options, "options");
    f.allow_only({"seed", "window", "trainCount", "testCount"}, "option");
    const CharDefaults d = char_defaults();
    const auto seed = whole_number(f.number("seed", 1), 0, max_seed, "options.seed");
    const auto window = whole_number(f.number("window", static_cast<double>(d.model.window)), 2,
                                     static_cast<double>(max_char_window), "options.window");
    const auto train = whole_number(f.number("trainCount", 2000), 1, 100000, "options.trainCount");
    const auto test = whole_number(f.number("testCount", 256), 1, 100000, "options.testCount");
    const CharSplit split =
        glassbox::make_char_data(glassbox::char_corpus(), window, seed, train, test);
    val out = val::object();
    out.set("train", dataset_to_js(split.train));
    out.set("test", dataset_to_js(split.test));
    return out;
  });
}

val temperature_probabilities(const val& logits, const val& temperature) {
  return guarded([&] {
    const auto z = copy_typed_array<float>(logits, "Float32Array", "logits");
    const double tau = number_value(temperature, "temperature");
    return to_typed_array(glassbox::temperature_probabilities(z, tau), "Float64Array");
  });
}

val NetworkHandle::sample_text(const val& prompt, const val& count, const val& temperature,
                               const val& seed) {
  return guarded([&] {
    const std::string text = text_value(prompt, "prompt");
    const auto n = whole_number(number_value(count, "count"), 1,
                                static_cast<double>(max_sample_count), "count");
    const double tau = number_value(temperature, "temperature");
    const auto s = whole_number(number_value(seed, "seed"), 0, max_seed, "seed");
    const CharSample sample =
        glassbox::sample_text(model(), glassbox::char_corpus(), text, n, tau, s);
    val out = val::object();
    out.set("text", sample.text);
    out.set("probabilities", to_typed_array(sample.probabilities, "Float64Array"));
    return out;
  });
}

val NetworkHandle::unit_activations(const val& text, const val& unit) {
  return guarded([&] {
    const std::string t = text_value(text, "text");
    const auto u = whole_number(number_value(unit, "unit"), 0, 65535, "unit");
    return to_typed_array(glassbox::unit_activations(model(), glassbox::char_corpus(), t, u),
                          "Float32Array");
  });
}

}  // namespace glassbox::wasm
