#include "adapters.hpp"

#include <malloc.h>

#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/data/preprocess.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/layers/init.hpp"
#include "glassbox/layers/registry.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/schedule.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {

namespace {

val strings(const std::vector<std::string>& names) {
  val list = val::array();
  for (const auto& n : names) list.call<void>("push", n);
  return list;
}

const char* kind_name(FieldKind kind) {
  switch (kind) {
    case FieldKind::count:
      return "count";
    case FieldKind::number:
      return "number";
    case FieldKind::flag:
      return "flag";
    case FieldKind::text:
      return "choice";
    case FieldKind::layers:
      return "layers";
  }
  return "?";
}

}  // namespace

val catalog() {
  val layers = val::array();
  for (const LayerType& type : layer_types()) {
    val item = val::object();
    item.set("name", type.name);
    item.set("summary", type.summary);
    val fields = val::array();
    for (const FieldInfo& f : type.fields) {
      val field = val::object();
      field.set("name", f.name);
      field.set("kind", std::string(kind_name(f.kind)));
      field.set("help", f.help);
      field.set("required", f.required);
      if (f.kind == FieldKind::count || f.kind == FieldKind::number) {
        field.set("min", f.min);
        field.set("max", f.max);
        field.set("maxExclusive", f.max_exclusive);
      }
      if (f.kind == FieldKind::text) field.set("choices", strings(f.choices));
      if (!f.required && f.kind != FieldKind::layers) {
        if (const auto* text = std::get_if<std::string>(&f.fallback)) {
          field.set("default", *text);
        } else if (f.kind == FieldKind::flag) {
          field.set("default", std::get<double>(f.fallback) != 0.0);
        } else {
          field.set("default", std::get<double>(f.fallback));
        }
      }
      fields.call<void>("push", field);
    }
    item.set("fields", fields);
    layers.call<void>("push", item);
  }
  std::vector<std::string> activations;
  for (ActivationKind kind : activation_kinds()) activations.push_back(activation_name(kind));
  std::vector<std::string> inits;
  for (Init init : {Init::zeros, Init::uniform, Init::normal, Init::xavier_uniform,
                    Init::xavier_normal, Init::he_uniform, Init::he_normal, Init::lecun})
    inits.push_back(init_name(init));
  val result = val::object();
  result.set("layers", layers);
  result.set("activations", strings(activations));
  result.set("losses", strings(loss_names()));
  result.set("optimizers", strings(optimizer_names()));
  result.set("initializers", strings(inits));
  return result;
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

val make_problem(const val& name_value, const val& options) {
  return guarded([&] {
    const std::string name = text_value(name_value, "problem name");
    const Fields f(options, "options");
    f.allow_only({"seed", "samples", "noise", "classes"}, "option");
    ProblemOptions o;
    o.seed = whole_number(f.number("seed", 1), 0, 9007199254740991.0, "options.seed");
    o.samples = whole_number(f.number("samples", 400), 10, 100000, "options.samples");
    o.noise = static_cast<float>(f.number("noise", 0.1));
    o.classes = whole_number(f.number("classes", 3), 2, 5, "options.classes");
    const ProblemData data = for_field("options", [&] { return glassbox::make_problem(name, o); });
    val result = val::object();
    result.set("train", dataset_to_js(data.train));
    result.set("test", dataset_to_js(data.test));
    result.set("multilabel", data.train.multilabel);
    return result;
  });
}

val preprocess_digit(const val& rgba, const val& width, const val& height) {
  return guarded([&] {
    const auto w = whole_number(number_value(width, "width"), 1, 8192, "width"),
               h = whole_number(number_value(height, "height"), 1, 8192, "height");
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

double heap_in_use_bytes() {
  return static_cast<double>(mallinfo().uordblks);
}

}  // namespace glassbox::wasm
