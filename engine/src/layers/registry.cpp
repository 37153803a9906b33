#include "glassbox/layers/registry.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/activation.hpp"
#include "glassbox/layers/batchnorm.hpp"
#include "glassbox/layers/conv2d.hpp"
#include "glassbox/layers/dense.hpp"
#include "glassbox/layers/dropout.hpp"
#include "glassbox/layers/flatten.hpp"
#include "glassbox/layers/layernorm.hpp"
#include "glassbox/layers/pool2d.hpp"
#include "glassbox/layers/recurrent.hpp"
#include "glassbox/layers/residual.hpp"

namespace glassbox {

const std::vector<LayerType>& layer_types() {
  static const std::vector<LayerType> types = [] {
    std::vector<LayerType> all;
    all.push_back(Dense::type_info());
    all.push_back(Conv2D::type_info());
    all.push_back(Pool2D::type_info(Pool2D::Kind::max));
    all.push_back(Pool2D::type_info(Pool2D::Kind::average));
    all.push_back(Flatten::type_info());
    all.push_back(Dropout::type_info());
    all.push_back(BatchNorm::type_info());
    all.push_back(LayerNorm::type_info());
    all.push_back(Residual::type_info());
    for (CellKind kind : {CellKind::rnn, CellKind::lstm, CellKind::gru})
      all.push_back(Recurrent::type_info(kind));
    for (ActivationKind kind : activation_kinds()) all.push_back(Activation::type_info(kind));
    return all;
  }();
  return types;
}

std::string field_names(const LayerType& type) {
  std::string names;
  for (const auto& f : type.fields) names += (names.empty() ? "" : ", ") + f.name;
  return names.empty() ? "none" : names;
}

const LayerType& layer_type(const std::string& name) {
  const auto& types = layer_types();
  const auto it =
      std::find_if(types.begin(), types.end(), [&](const LayerType& t) { return t.name == name; });
  if (it != types.end()) return *it;
  std::string known;
  for (const auto& t : types) known += (known.empty() ? "" : ", ") + t.name;
  throw Error("unknown layer type '" + name + "'; known types: " + known);
}

namespace {

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", v);
  return text;
}

std::string range_text(const FieldInfo& f) {
  return number_text(f.min) + ".." + number_text(f.max) + (f.max_exclusive ? " (exclusive)" : "");
}

FieldValue checked_value(const std::string& type, const FieldInfo& f, const FieldValue& value,
                         const std::string& at) {
  const std::string name = at + type + " \"" + f.name + "\" ";
  if (f.kind == FieldKind::text) {
    const auto* text = std::get_if<std::string>(&value);
    if (!text)
      throw Error(name + "must be a name, one of: " + [&] {
        std::string all;
        for (const auto& c : f.choices) all += (all.empty() ? "" : ", ") + c;
        return all;
      }());
    if (std::find(f.choices.begin(), f.choices.end(), *text) == f.choices.end()) {
      std::string all;
      for (const auto& c : f.choices) all += (all.empty() ? "" : ", ") + c;
      throw Error(name + "is '" + *text + "'; allowed: " + all);
    }
    return value;
  }
  const auto* number = std::get_if<double>(&value);
  if (!number || !std::isfinite(*number)) throw Error(name + "must be a number");
  const double v = *number;
  switch (f.kind) {
    case FieldKind::flag:
      if (v != 0.0 && v != 1.0) throw Error(name + "must be true or false");
      return value;
    case FieldKind::count:
      if (v != std::floor(v) || v < f.min || v > f.max) {
        throw Error(name + "must be a whole number in " + range_text(f) + ", got " +
                    number_text(v));
      }
      return value;
    case FieldKind::number:
      if (v < f.min || v > f.max || (f.max_exclusive && v == f.max)) {
        throw Error(name + "must be in " + range_text(f) + ", got " + number_text(v));
      }
      return value;
    default:
      return value;
  }
}

}  // namespace

LayerSpec checked_spec(const LayerSpec& spec, const std::string& at, std::size_t depth) {
  const LayerType* type = nullptr;
  try {
    type = &layer_type(spec.type);
  } catch (const Error& e) {
    throw Error(at + e.what());
  }
  for (const auto& field : spec.fields) {
    const std::string& key = field.first;
    const bool known = std::any_of(type->fields.begin(), type->fields.end(), [&](const auto& f) {
      return f.name == key && f.kind != FieldKind::layers;
    });
    if (!known) {
      throw Error(at + spec.type + " has no field \"" + key +
                  "\"; its fields: " + field_names(*type));
    }
  }
  LayerSpec checked{spec.type, {}, {}};
  bool has_body = false;
  for (const auto& f : type->fields) {
    if (f.kind == FieldKind::layers) {
      has_body = true;
      if (spec.layers.empty()) {
        throw Error(at + spec.type + " needs \"" + f.name + "\": a non-empty list of layers");
      }
      if (depth + 1 >= max_layer_nesting) {
        throw Error(at + spec.type + " blocks are nested more than " +
                    std::to_string(max_layer_nesting) + " deep");
      }
      const std::string prefix = at.substr(0, at.size() - 2);  // "layer 3"
      for (std::size_t i = 0; i < spec.layers.size(); ++i) {
        checked.layers.push_back(
            checked_spec(spec.layers[i], prefix + "." + std::to_string(i) + ": ", depth + 1));
      }
      continue;
    }
    const auto it = spec.fields.find(f.name);
    if (it == spec.fields.end()) {
      if (f.required) throw Error(at + spec.type + " needs \"" + f.name + "\": " + f.help);
      checked.fields[f.name] = f.fallback;
    } else {
      checked.fields[f.name] = checked_value(spec.type, f, it->second, at);
    }
  }
  if (!has_body && !spec.layers.empty()) {
    throw Error(at + spec.type + " has no field \"layers\"; its fields: " + field_names(*type));
  }
  return checked;
}

std::unique_ptr<Layer> make_layer(const LayerSpec& spec, const Shape& input) {
  return layer_type(spec.type).create(spec, input);
}

}  // namespace glassbox
