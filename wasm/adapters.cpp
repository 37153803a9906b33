#include "adapters.hpp"

#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/data/preprocess.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/inspect/inspect.hpp"
#include "glassbox/inspect/trace.hpp"
#include "glassbox/io/idx.hpp"
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

val NetworkHandle::build(const std::string& architecture_json, double seed) {
  return guarded([&] {
    const auto seed_value = whole_number(seed, 0, 9007199254740991.0, "seed");
    model_.emplace(Architecture::from_json(architecture_json), seed_value);
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

// Every layer's output of the last forward of `m`, as JS: [{type, size, shape, values}].
val layer_outputs(const Model& m) {
  val layer_list = val::array();
  for (std::size_t i = 0; i < m.layer_count(); ++i) {
    const auto values = m.activation(i);
    val item = val::object();
    item.set("type", m.layer(i).type());
    item.set("size", m.layer(i).output_size());
    val shape = val::array();
    for (std::size_t d : m.layer(i).output_shape()) shape.call<void>("push", d);
    item.set("shape", shape);
    item.set("values",
             to_typed_array(std::vector<float>(values.begin(), values.end()), "Float32Array"));
    layer_list.call<void>("push", item);
  }
  return layer_list;
}

}  // namespace

val NetworkHandle::forward_all(const val& input) {
  return forward_batch(input, 1);
}

val NetworkHandle::forward_batch(const val& inputs, double count) {
  return guarded([&] {
    Model& m = model();
    const std::size_t n = whole_number(count, 1, 1e6, "count");
    const auto x = copy_typed_array<float>(inputs, "Float32Array", "input");
    require(x.size() == n * m.input_size(),
            "input has " + std::to_string(x.size()) + " values; " + std::to_string(n) +
                " samples for this network take " + std::to_string(n * m.input_size()));
    const std::vector<float> output = m.predict(x, n);
    val result = val::object();
    result.set("output", to_typed_array(output, "Float32Array"));
    result.set("layers", layer_outputs(m));
    return result;
  });
}

val NetworkHandle::trace(const val& input, const val& target, double learning_rate) {
  return guarded([&] {
    Model& m = model();
    const auto x = copy_typed_array<float>(input, "Float32Array", "input");
    const auto t = copy_typed_array<float>(target, "Float32Array", "target");
    require(x.size() == m.input_size(), "input has " + std::to_string(x.size()) +
                                            " values; this network takes " +
                                            std::to_string(m.input_size()));
    require(std::isfinite(learning_rate) && learning_rate > 0 && learning_rate <= 10,
            "learning rate must be a number in (0, 10], got " + std::to_string(learning_rate));
    const Trace tr = trace_sample(m, x, t, static_cast<float>(learning_rate));
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
    val result = val::object();
    result.set("input", to_typed_array(tr.input, "Float32Array"));
    result.set("layers", layers);
    result.set("output", to_typed_array(tr.output, "Float32Array"));
    result.set("target", to_typed_array(tr.target, "Float32Array"));
    result.set("loss", tr.loss);
    result.set("lossName", loss_name(m.architecture().loss));
    result.set("gradients", to_typed_array(tr.gradients, "Float32Array"));
    result.set("sgdStep", to_typed_array(tr.sgd_step, "Float32Array"));
    result.set("sgdUpdated", to_typed_array(tr.sgd_updated, "Float32Array"));
    return result;
  });
}

val NetworkHandle::layers() const {
  val list = val::array();
  if (!model_) return list;
  for (std::size_t i = 0; i < model_->layer_count(); ++i) {
    const Layer& layer = model_->layer(i);
    val item = val::object();
    item.set("type", layer.type());
    item.set("inputSize", layer.input_size());
    item.set("outputSize", layer.output_size());
    item.set("parameterOffset", model_->parameter_offset(i));
    item.set("parameterCount", layer.parameter_count());
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

val NetworkHandle::top_contributions(double layer, double k) const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    const auto top = glassbox::top_contributions(*model_, whole_number(layer, 0, 1e6, "layer"),
                                                 whole_number(k, 0, 1e7, "k"));
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

val NetworkHandle::to_safetensors() const {
  return guarded([&] {
    require(model_.has_value(), "no model is loaded in this Network yet");
    return to_typed_array(save_safetensors(*model_), "Uint8Array");
  });
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

val problem_catalog() {
  val list = val::array();
  for (const ProblemInfo& p : glassbox::problem_catalog()) {
    val item = val::object();
    item.set("name", p.name);
    item.set("group", p.group);
    item.set("teaches", p.teaches);
    item.set("arch", p.arch);
    item.set("activation", p.activation);
    item.set("loss", p.loss);
    item.set("optimizer", p.optimizer);
    item.set("learningRate", p.learning_rate);
    item.set("epochs", p.epochs);
    item.set("batchSize", p.batch_size);
    list.call<void>("push", item);
  }
  return list;
}

val make_problem(const std::string& name, const val& options) {
  return guarded([&] {
    const Fields f(options, "options");
    ProblemOptions o;
    o.seed = whole_number(f.number("seed", 1), 0, 9007199254740991.0, "options.seed");
    o.samples = whole_number(f.number("samples", 400), 10, 100000, "options.samples");
    o.noise = static_cast<float>(f.number("noise", 0.1));
    o.classes = whole_number(f.number("classes", 3), 2, 5, "options.classes");
    const ProblemData data = for_field("options", [&] { return glassbox::make_problem(name, o); });
    const auto to_js = [](const Dataset& d) {
      val item = val::object();
      item.set("inputs", to_typed_array(d.inputs, "Float32Array"));
      item.set("targets", to_typed_array(d.targets, "Float32Array"));
      item.set("count", d.count);
      item.set("inputSize", d.input_size);
      item.set("targetSize", d.target_size);
      return item;
    };
    val result = val::object();
    result.set("train", to_js(data.train));
    result.set("test", to_js(data.test));
    result.set("multilabel", data.train.multilabel);
    return result;
  });
}

val preprocess_digit(const val& rgba, double width, double height) {
  return guarded([&] {
    const auto w = whole_number(width, 1, 8192, "width"),
               h = whole_number(height, 1, 8192, "height");
    const auto pixels = copy_typed_array<std::uint8_t>(rgba, "Uint8Array", "RGBA pixels");
    return to_typed_array(glassbox::preprocess_digit(ink_from_rgba(pixels, w, h), w, h),
                          "Float32Array");
  });
}

val read_idx(const val& bytes) {
  return guarded([&] {
    const IdxArray array =
        parse_idx(copy_typed_array<std::uint8_t>(bytes, "Uint8Array", "IDX bytes"));
    val dims = val::array();
    for (std::size_t d : array.dims) dims.call<void>("push", d);
    val result = val::object();
    result.set("dims", dims);
    result.set("data", to_typed_array(array.data, "Uint8Array"));
    return result;
  });
}

std::string version() {
  return "0.1.0";
}

}  // namespace glassbox::wasm
