#include "sequence_adapters.hpp"

#include "glassbox/data/sequences.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {
namespace {

val defaults_to_js(const CellDefaults& d) {
  val item = val::object();
  item.set("length", d.length);
  item.set("units", d.units);
  item.set("learningRate", d.learning_rate);
  item.set("steps", d.steps);
  item.set("batchSize", d.batch_size);
  item.set("promise", d.promise);
  return item;
}

}  // namespace

val sequence_tasks() {
  val list = val::array();
  for (const SequenceTaskInfo& t : glassbox::sequence_tasks()) {
    val item = val::object();
    item.set("name", t.name);
    item.set("teaches", t.teaches);
    item.set("regression", t.regression);
    item.set("features", t.features);
    item.set("defaultLength", t.default_length);
    item.set("minLength", t.min_length);
    item.set("maxLength", t.max_length);
    val defaults = val::object();
    defaults.set("rnn", defaults_to_js(t.rnn));
    defaults.set("lstm", defaults_to_js(t.lstm));
    defaults.set("gru", defaults_to_js(t.gru));
    item.set("defaults", defaults);
    list.call<void>("push", item);
  }
  return list;
}

val make_sequence_task(const val& name_value, const val& options) {
  return guarded([&] {
    const std::string name = text_value(name_value, "task name");
    const SequenceTaskInfo& task = find_sequence_task(name);
    const Fields f(options, "options");
    f.allow_only({"seed", "length", "trainSamples", "testSamples"}, "option");
    SequenceOptions o;
    o.seed = whole_number(f.number("seed", 1), 0, 9007199254740991.0, "options.seed");
    o.length = whole_number(f.number("length", static_cast<double>(task.default_length)),
                            static_cast<double>(task.min_length),
                            static_cast<double>(task.max_length), "options.length");
    o.train_samples =
        whole_number(f.number("trainSamples", 2000), 1, 100000, "options.trainSamples");
    o.test_samples = whole_number(f.number("testSamples", 500), 1, 100000, "options.testSamples");
    const SequenceData data = glassbox::make_sequence_task(name, o);
    val result = val::object();
    result.set("train", dataset_to_js(data.train));
    result.set("test", dataset_to_js(data.test));
    result.set("length", data.length);
    result.set("classes", data.classes);
    result.set("perStep", data.per_step);
    result.set("baseline", sequence_baseline(name, data.length));
    return result;
  });
}

val sequence_architecture(const val& name_value, const val& cell_value, const val& units_value,
                          const val& length_value) {
  return guarded([&] {
    const std::string name = text_value(name_value, "task name");
    const SequenceTaskInfo& task = find_sequence_task(name);
    const CellKind cell = parse_cell_kind(text_value(cell_value, "cell"));
    const std::size_t units = whole_number(number_value(units_value, "units"), 1, 4096, "units");
    const std::size_t length =
        whole_number(number_value(length_value, "length"), static_cast<double>(task.min_length),
                     static_cast<double>(task.max_length), "length");
    return val(glassbox::sequence_architecture(name, cell, units, length));
  });
}

val sequence_standing(const val& name_value, const val& metric_value, const val& baseline_value) {
  return guarded([&] {
    const SequenceTaskInfo& task = find_sequence_task(text_value(name_value, "task name"));
    // NaN is a number here (a diverged run's metric: at baseline); other types are refused.
    const double metric = number_value(metric_value, "metric");
    const double baseline = number_value(baseline_value, "baseline");
    return val(sequence_standing_name(glassbox::sequence_standing(task, metric, baseline)));
  });
}

}  // namespace glassbox::wasm
