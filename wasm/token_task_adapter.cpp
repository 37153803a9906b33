#include "token_task_adapter.hpp"

#include "glassbox/train/token_runs.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {

val token_task_catalog() {
  val list = val::array();
  for (const TokenTaskInfo& t : glassbox::token_task_catalog()) {
    const TokenTaskDefaults d = token_task_defaults(t.name);
    val item = val::object();
    item.set("name", t.name);
    item.set("teaches", t.teaches);
    item.set("vocabulary", t.vocabulary);
    item.set("tokens", t.tokens);
    item.set("causal", t.causal);
    val symbols = val::array();
    for (const auto& s : t.symbols) symbols.call<void>("push", s);
    item.set("symbols", symbols);
    val defaults = val::object();
    defaults.set("architecture", glassbox::token_architecture(t, d.model).to_json());
    defaults.set("learningRate", d.train.learning_rate);
    defaults.set("batchSize", d.train.batch_size);
    defaults.set("maxSteps", d.train.max_steps);
    defaults.set("evalEvery", d.train.eval_every);
    defaults.set("targetAccuracy", d.train.target_accuracy);
    item.set("defaults", defaults);
    list.call<void>("push", item);
  }
  return list;
}

val make_token_task(const val& name_value, const val& options) {
  return guarded([&] {
    const std::string name = text_value(name_value, "task name");
    const Fields f(options, "options");
    f.allow_only({"seed", "trainCount", "testCount"}, "option");
    const auto seed = whole_number(f.number("seed", 1), 0, 9007199254740991.0, "options.seed");
    const auto train = whole_number(f.number("trainCount", 2000), 1, 100000, "options.trainCount");
    const auto test = whole_number(f.number("testCount", 500), 1, 100000, "options.testCount");
    const TokenTask task = glassbox::make_token_task(name, seed, train, test);
    val result = val::object();
    result.set("train", dataset_to_js(task.train.data));
    result.set("test", dataset_to_js(task.test.data));
    result.set("alignedTrain", to_typed_array(task.train.aligned, "Uint8Array"));
    result.set("alignedTest", to_typed_array(task.test.aligned, "Uint8Array"));
    return result;
  });
}

val token_architecture(const val& name_value, const val& options) {
  return guarded([&] {
    const std::string name = text_value(name_value, "task name");
    const TokenTaskInfo& info = find_token_task(name);
    const Fields f(options, "options");
    f.allow_only({"layers", "heads", "dimension", "positional", "attentionOnly"}, "option");
    TokenModelOptions m = token_task_defaults(name).model;
    m.layers =
        whole_number(f.number("layers", static_cast<double>(m.layers)), 1, 8, "options.layers");
    m.heads = whole_number(f.number("heads", static_cast<double>(m.heads)), 1, 16, "options.heads");
    m.dimension = whole_number(f.number("dimension", static_cast<double>(m.dimension)), 1, 512,
                               "options.dimension");
    m.positional = f.text("positional", m.positional);
    m.attention_only = f.boolean("attentionOnly", m.attention_only);
    return val(
        for_field("options", [&] { return glassbox::token_architecture(info, m); }).to_json());
  });
}

}  // namespace glassbox::wasm
