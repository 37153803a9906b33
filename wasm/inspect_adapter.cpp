#include "inspect_adapter.hpp"

#include "glassbox/inspect/attention_step.hpp"
#include "glassbox/inspect/embedding_map.hpp"
#include "glassbox/layers/positional_encoding.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {
namespace {

std::size_t count_value(const val& v, double max, const std::string& what) {
  return whole_number(number_value(v, what), 0, max, what);
}

}  // namespace

val principal_components(const val& table, const val& rows, const val& features,
                         const val& components) {
  return guarded([&] {
    const auto x = copy_typed_array<float>(table, "Float32Array", "table");
    const Projection p = glassbox::principal_components(
        x, count_value(rows, 1e6, "rows"), count_value(features, 1024, "features"),
        count_value(components, 1024, "components"));
    val out = val::object();
    out.set("points", to_typed_array(p.points, "Float32Array"));
    out.set("axes", to_typed_array(p.axes, "Float32Array"));
    out.set("variances", to_typed_array(p.variances, "Float32Array"));
    out.set("explained", to_typed_array(p.explained, "Float32Array"));
    return out;
  });
}

val nearest_by_cosine(const val& table, const val& rows, const val& features, const val& index,
                      const val& k) {
  return guarded([&] {
    const auto x = copy_typed_array<float>(table, "Float32Array", "table");
    const auto found = glassbox::nearest_by_cosine(
        x, count_value(rows, 1e6, "rows"), count_value(features, 1024, "features"),
        count_value(index, 1e6, "index"), count_value(k, 1e6, "k"));
    val list = val::array();
    for (const Neighbour& n : found) {
      val item = val::object();
      item.set("index", n.index);
      item.set("similarity", n.similarity);
      list.call<void>("push", item);
    }
    return list;
  });
}

val explain_attention_query(const val& tensors, const val& options) {
  return guarded([&] {
    const Fields t(tensors, "tensors");
    t.allow_only({"query", "key", "value"}, "tensor");
    const auto q = copy_typed_array<float>(t.object("query"), "Float32Array", "tensors.query");
    const auto k = copy_typed_array<float>(t.object("key"), "Float32Array", "tensors.key");
    const auto v = copy_typed_array<float>(t.object("value"), "Float32Array", "tensors.value");
    const Fields f(options, "options");
    f.allow_only({"tokens", "heads", "headSize", "head", "position", "causal", "outputGradient",
                  "outWeight"},
                 "option");
    QueryStepSize size;
    size.tokens = whole_number(f.number("tokens", 0), 1, 4096, "options.tokens");
    size.heads = whole_number(f.number("heads", 1), 1, 64, "options.heads");
    size.head_size = whole_number(f.number("headSize", 0), 1, 4096, "options.headSize");
    size.head = whole_number(f.number("head", 0), 0, 63, "options.head");
    size.position = whole_number(f.number("position", 0), 0, 4095, "options.position");
    size.causal = f.boolean("causal", false);
    std::vector<float> dy, w;
    if (f.has("outputGradient"))
      dy = copy_typed_array<float>(f.object("outputGradient"), "Float32Array",
                                   "options.outputGradient");
    if (f.has("outWeight"))
      w = copy_typed_array<float>(f.object("outWeight"), "Float32Array", "options.outWeight");
    const QueryStep s = explain_query(q, k, v, size, dy, w);
    val out = val::object();
    out.set("scale", s.scale);
    out.set("query", to_typed_array(s.query, "Float32Array"));
    out.set("dots", to_typed_array(s.dots, "Float32Array"));
    out.set("scores", to_typed_array(s.scores, "Float32Array"));
    out.set("masked", to_typed_array(s.masked, "Uint8Array"));
    out.set("probabilities", to_typed_array(s.probabilities, "Float32Array"));
    out.set("context", to_typed_array(s.context, "Float32Array"));
    if (!s.score_gradient.empty()) {
      out.set("contextGradient", to_typed_array(s.context_gradient, "Float32Array"));
      out.set("probabilityGradient", to_typed_array(s.probability_gradient, "Float32Array"));
      out.set("scoreGradient", to_typed_array(s.score_gradient, "Float32Array"));
    }
    return out;
  });
}

val aligned_attention_mass(const val& probabilities, const val& aligned, const val& heads,
                           const val& tokens) {
  return guarded([&] {
    const auto p = copy_typed_array<float>(probabilities, "Float32Array", "probabilities");
    const auto a = copy_typed_array<std::uint8_t>(aligned, "Uint8Array", "aligned");
    const auto mass = glassbox::aligned_attention_mass(p, a, count_value(heads, 64, "heads"),
                                                       count_value(tokens, 4096, "tokens"));
    val list = val::array();
    for (const double m : mass) list.call<void>("push", m);
    return list;
  });
}

val sinusoidal_encoding(const val& tokens, const val& features) {
  return guarded([&] {
    const std::size_t T = whole_number(number_value(tokens, "tokens"), 1, 4096, "tokens");
    const std::size_t D = whole_number(number_value(features, "features"), 1, 4096, "features");
    const PositionalEncoding layer({T, D}, PositionalEncoding::Kind::sinusoidal);
    const auto table = layer.encoding();
    return to_typed_array(std::vector<float>(table.begin(), table.end()), "Float32Array");
  });
}

}  // namespace glassbox::wasm

#include "glassbox/data/embedding_tasks.hpp"

namespace glassbox::wasm {

val embedding_task_catalog() {
  val list = val::array();
  for (const EmbeddingTaskInfo& t : glassbox::embedding_task_catalog()) {
    val item = val::object();
    item.set("name", t.name);
    item.set("teaches", t.teaches);
    item.set("source", t.source);
    val symbols = val::array(), group = val::array(), names = val::array();
    for (const auto& s : t.symbols) symbols.call<void>("push", s);
    for (const int g : t.group) group.call<void>("push", g);
    for (const auto& n : t.group_names) names.call<void>("push", n);
    item.set("symbols", symbols);
    item.set("group", group);
    item.set("groupNames", names);
    val defaults = val::object();
    defaults.set("architecture", embedding_architecture(t, t.dimension).to_json());
    defaults.set("dimension", t.dimension);
    defaults.set("learningRate", t.learning_rate);
    defaults.set("batchSize", t.batch_size);
    defaults.set("steps", t.steps);
    item.set("defaults", defaults);
    list.call<void>("push", item);
  }
  return list;
}

val make_embedding_task(const val& name_value) {
  return guarded([&] {
    const EmbeddingTask task = glassbox::make_embedding_task(text_value(name_value, "task name"));
    val item = val::object();
    item.set("inputs", to_typed_array(task.train.tokens, "Int32Array"));
    item.set("targets", to_typed_array(task.train.labels, "Int32Array"));
    item.set("count", task.train.count);
    item.set("inputSize", task.train.input_size);
    item.set("targetSize", task.train.target_size);
    return item;
  });
}

}  // namespace glassbox::wasm
