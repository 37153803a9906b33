// NetworkHandle: a JS-owned model (adapters.hpp). Conversions only; the
// math is the engine's.
#include <algorithm>
#include <cmath>

#include "adapters.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/export/export.hpp"
#include "glassbox/inspect/inspect.hpp"
#include "glassbox/inspect/trace.hpp"
#include "glassbox/io/safetensors.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {

Model& NetworkHandle::model() {
  require(model_.has_value(), "no model is loaded in this Network yet");
  return *model_;
}

val NetworkHandle::load_safetensors(const val& bytes) {
  return guarded([&] {
    const auto file = copy_typed_array<std::uint8_t>(bytes, "Uint8Array", "model bytes");
    model_.emplace(glassbox::load_safetensors(file));
    return val::null();
  });
}

val NetworkHandle::build(const val& architecture_json, const val& seed) {
  return guarded([&] {
    const auto seed_value = whole_number(number_value(seed, "seed"), 0, 9007199254740991.0, "seed");
    model_.emplace(Architecture::from_json(text_value(architecture_json, "architecture")),
                   seed_value);
    return val::null();
  });
}

val NetworkHandle::predict(const val& input) {
  return guarded([&] {
    Model& m = model();
    const auto x = copy_typed_array<float>(input, "Float32Array", "input");
    require(x.size() == m.input_size(), "input has " + std::to_string(x.size()) +
                                            " values; this network takes " +
                                            std::to_string(m.input_size()));
    return to_typed_array(m.predict(x, 1), "Float32Array");
  });
}

namespace {

val shape_to_js(const Shape& shape) {
  val list = val::array();
  for (std::size_t d : shape) list.call<void>("push", d);
  return list;
}

// Every layer's output of the last forward of `m`, as JS: [{type, size, shape, values}].
val layer_outputs(const Model& m) {
  val layer_list = val::array();
  for (std::size_t i = 0; i < m.layer_count(); ++i) {
    const auto values = m.activation(i);
    val item = val::object();
    item.set("type", std::string(m.layer(i).type()));
    item.set("size", m.layer(i).output_size());
    item.set("shape", shape_to_js(m.layer(i).output_shape()));
    item.set("values",
             to_typed_array(std::vector<float>(values.begin(), values.end()), "Float32Array"));
    val internals = val::array();
    for (const auto& internal : m.internals(i)) {
      val entry = val::object();
      entry.set("name", internal.name);
      entry.set("shape", shape_to_js(internal.shape));
      entry.set("values",
                to_typed_array(std::vector<float>(internal.values.begin(), internal.values.end()),
                               "Float32Array"));
      internals.call<void>("push", entry);
    }
    item.set("internals", internals);
    layer_list.call<void>("push", item);
  }
  return layer_list;
}

}  // namespace

val NetworkHandle::forward_all(const val& input) {
  return forward_batch(input, val(1));
}

val NetworkHandle::forward_batch(const val& inputs, const val& count) {
  return guarded([&] {
    Model& m = model();
    const std::size_t n = whole_number(number_value(count, "count"), 1, 1e6, "count");
    const auto x = copy_typed_array<float>(inputs, "Float32Array", "input");
    const std::size_t expected = checked_multiply(n, m.input_size(), "the batch");
    require(x.size() == expected, "input has " + std::to_string(x.size()) + " values; " +
                                      std::to_string(n) + " samples for this network take " +
                                      std::to_string(expected));
    const std::vector<float> output = m.predict(x, n);
    val result = val::object();
    result.set("output", to_typed_array(output, "Float32Array"));
    result.set("layers", layer_outputs(m));
    return result;
  });
}

val trace_to_js(const Trace& tr, const Model& m) {
  val layers = val::array();
  for (const auto& l : tr.layers) {
    val item = val::object();
    item.set("layer", l.layer);
    item.set("activation", l.activation);
    item.set("parameterOffset", l.parameter_offset);
    item.set("z", to_typed_array(l.z, "Float32Array"));
    item.set("a", to_typed_array(l.a, "Float32Array"));
    item.set("delta", to_typed_array(l.delta, "Float32Array"));
    layers.call<void>("push", item);
  }
  val all_layers = val::array();
  for (const auto& l : tr.all_layers) {
    val item = val::object();
    item.set("layer", l.layer);
    item.set("type", l.type);
    item.set("shape", shape_to_js(l.shape));
    item.set("output", to_typed_array(l.output, "Float32Array"));
    item.set("gradient", to_typed_array(l.gradient, "Float32Array"));
    item.set("parameterOffset", l.parameter_offset);
    item.set("parameterCount", l.parameter_count);
    val internals = val::array();
    for (std::size_t k = 0; k < l.internal_names.size(); ++k) {
      val entry = val::object();
      entry.set("name", l.internal_names[k]);
      entry.set("shape", shape_to_js(l.internal_shapes[k]));
      entry.set("values", to_typed_array(l.internal_values[k], "Float32Array"));
      internals.call<void>("push", entry);
    }
    item.set("internals", internals);
    all_layers.call<void>("push", item);
  }
  val result = val::object();
  result.set("input", to_typed_array(tr.input, "Float32Array"));
  result.set("layers", layers);
  result.set("allLayers", all_layers);
  result.set("output", to_typed_array(tr.output, "Float32Array"));
  result.set("target", to_typed_array(tr.target, "Float32Array"));
  result.set("loss", tr.loss);
  result.set("lossName", loss_name(m.architecture().loss));
  result.set("gradients", to_typed_array(tr.gradients, "Float32Array"));
  result.set("optimizer", tr.optimizer);
  result.set("learningRate", tr.learning_rate);
  result.set("step", to_typed_array(tr.step, "Float32Array"));
  result.set("updated", to_typed_array(tr.updated, "Float32Array"));
  val quantities = val::array();
  for (const auto& q : tr.quantities) {
    val item = val::object();
    item.set("name", q.name);
    item.set("meaning", q.meaning);
    item.set("values", to_typed_array(q.values, "Float32Array"));
    quantities.call<void>("push", item);
  }
  result.set("quantities", quantities);
  return result;
}

val NetworkHandle::trace(const val& input, const val& target, const val& learning_rate_value) {
  return guarded([&] {
    const double learning_rate = number_value(learning_rate_value, "learning rate");
    Model& m = model();
    const auto x = copy_typed_array<float>(input, "Float32Array", "input");
    require(x.size() == m.input_size(), "input has " + std::to_string(x.size()) +
                                            " values; this network takes " +
                                            std::to_string(m.input_size()));
    require(std::isfinite(learning_rate) && learning_rate > 0 && learning_rate <= 10,
            "learning rate must be a number in (0, 10], got " + number_text(learning_rate));
    // Class ids (Int32Array, one per row of logits, −1 = ignore): the sparse loss.
    if (target.instanceof (val::global("Int32Array"))) {
      const auto ids = copy_typed_array<std::int32_t>(target, "Int32Array", "target");
      return trace_to_js(trace_sample_ids(m, x, ids, Sgd(static_cast<float>(learning_rate))), m);
    }
    const auto t = copy_typed_array<float>(target, "Float32Array", "target");
    const Trace tr = trace_sample(m, x, t, static_cast<float>(learning_rate));
    return trace_to_js(tr, m);
  });
}

val NetworkHandle::layers() const {
  val list = val::array();
  if (!model_) return list;
  for (std::size_t i = 0; i < model_->layer_count(); ++i) {
    const Layer& layer = model_->layer(i);
    val item = val::object();
    item.set("type", std::string(layer.type()));
    item.set("inputSize", layer.input_size());
    item.set("outputSize", layer.output_size());
    item.set("inputShape", shape_to_js(layer.input_shape()));
    item.set("outputShape", shape_to_js(layer.output_shape()));
    item.set("parameterOffset", model_->parameter_offset(i));
    item.set("parameterCount", layer.parameter_count());
    val tensors = val::array();
    const std::string prefix = "layers." + std::to_string(i) + ".";
    for (const auto& t : model_->named_tensors()) {
      if (t.name.rfind(prefix, 0) != 0) continue;
      val entry = val::object();
      entry.set("name", t.name.substr(prefix.size()));
      entry.set("shape", shape_to_js(t.shape));
      entry.set("offset", t.offset);
      entry.set("isState", t.is_state);
      tensors.call<void>("push", entry);
    }
    item.set("tensors", tensors);
    list.call<void>("push", item);
  }
  return list;
}

val NetworkHandle::parameters() const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    const auto p = model_->parameters();
    return to_typed_array(std::vector<float>(p.begin(), p.end()), "Float32Array");
  });
}

val NetworkHandle::top_contributions(const val& layer, const val& k) const {
  return contributions(layer, k, val::null());
}

val NetworkHandle::top_contributions_into(const val& layer, const val& neuron, const val& k) const {
  return contributions(layer, k, neuron);
}

val NetworkHandle::contributions(const val& layer, const val& k, const val& neuron) const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    const std::size_t into = neuron.isNull()
                                 ? all_neurons
                                 : whole_number(number_value(neuron, "neuron"), 0, 1e7, "neuron");
    const auto top = glassbox::top_contributions(
        *model_, whole_number(number_value(layer, "layer"), 0, 1e6, "layer"),
        whole_number(number_value(k, "k"), 0, 1e7, "k"), 0, into);
    std::vector<std::uint32_t> from, to;
    std::vector<float> value;
    for (const auto& c : top) from.push_back(c.from), to.push_back(c.to), value.push_back(c.value);
    val result = val::object();
    result.set("from", to_typed_array(from, "Uint32Array"));
    result.set("to", to_typed_array(to, "Uint32Array"));
    result.set("value", to_typed_array(value, "Float32Array"));
    return result;
  });
}

val NetworkHandle::weights(const val& layer, const val& name) const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    const NamedTensor t =
        model_->tensor(whole_number(number_value(layer, "layer"), 0, 1e6, "layer"),
                       text_value(name, "tensor name"));
    const auto source = t.is_state ? model_->state() : model_->parameters();
    const auto values = source.subspan(t.offset, element_count(t.shape));
    val result = val::object();
    result.set("name", t.name);
    result.set("shape", shape_to_js(t.shape));
    result.set("values",
               to_typed_array(std::vector<float>(values.begin(), values.end()), "Float32Array"));
    return result;
  });
}

val NetworkHandle::set_parameters(const val& values) {
  return guarded([&] {
    Model& m = model();
    const auto p = copy_typed_array<float>(values, "Float32Array", "parameters");
    require(p.size() == m.parameters().size(), "parameters has " + std::to_string(p.size()) +
                                                   " values; this network has " +
                                                   std::to_string(m.parameters().size()));
    for (std::size_t i = 0; i < p.size(); ++i) {
      require(std::isfinite(p[i]), "parameter " + std::to_string(i) + " is not a finite number");
    }
    std::copy(p.begin(), p.end(), m.parameters().begin());
    return val::null();
  });
}

val NetworkHandle::to_safetensors() const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    return to_typed_array(save_safetensors(*model_), "Uint8Array");
  });
}

val export_model(const Model& model, const val& format, const val& model_file) {
  return guarded([&] {
    const std::string kind = text_value(format, "export format");
    const std::string file = text_value(model_file, "model file name");
    require(!file.empty() && file.size() <= 200 && file.find_first_of("\n\r") == std::string::npos,
            "model file name must be 1 to 200 characters on one line");
    if (kind == "pytorch") {
      const std::string code = export_pytorch(model, file);
      return to_typed_array(std::vector<std::uint8_t>(code.begin(), code.end()), "Uint8Array");
    }
    require(kind == "onnx", "export format must be 'pytorch' or 'onnx', got '" + kind + "'");
    return to_typed_array(export_onnx(model), "Uint8Array");
  });
}

val NetworkHandle::export_model(const val& format, const val& model_file) const {
  if (!model_.has_value())
    return guarded([]() -> val { throw Error("no model is loaded in this Network yet"); });
  return wasm::export_model(*model_, format, model_file);
}

std::size_t NetworkHandle::input_size() const {
  return model_ ? model_->input_size() : 0;
}
std::size_t NetworkHandle::output_size() const {
  return model_ ? model_->output_size() : 0;
}
std::size_t NetworkHandle::parameter_count() const {
  return model_ ? model_->parameters().size() : 0;
}
std::string NetworkHandle::architecture_json() const {
  return model_ ? model_->architecture().to_json() : "";
}

}  // namespace glassbox::wasm
