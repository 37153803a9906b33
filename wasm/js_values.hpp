#pragma once
// Helpers for the binding layer: Result objects, whole-array copies in and
// out, and reading typed option fields with messages that name the field.
#include <emscripten/val.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/core/error.hpp"

namespace glassbox::wasm {

using emscripten::val;

inline val ok(const val& value) {
  val result = val::object();
  result.set("ok", true);
  result.set("value", value);
  return result;
}

inline val failure(const std::string& message) {
  val result = val::object();
  result.set("ok", false);
  result.set("error", message);
  return result;
}

// Runs `body` and wraps its value, or the exception's message, in a Result:
// this is where engine exceptions stop, so none ever reaches JS.
template <typename Body>
val guarded(Body&& body) {
  try {
    return ok(body());
  } catch (const std::bad_alloc&) {
    return failure("out of memory");
  } catch (const std::exception& e) {
    return failure(e.what());
  } catch (...) {
    return failure("unexpected internal error");
  }
}

// What a JS value is, for messages: "a string", "an array", "a Float64Array",
// "an object", "null". Checked in C++ so that no JS value ever reaches an
// embind conversion that would throw a BindingError (or silently coerce).
inline std::string describe(const val& value) {
  if (value.isUndefined()) return "undefined";
  if (value.isNull()) return "null";
  if (value.isArray()) return "an array";
  const std::string type = value.typeOf().as<std::string>();
  if (type != "object") return "a " + type;
  const val constructor = value["constructor"];
  if (constructor.isUndefined() || constructor.isNull() ||
      constructor.typeOf().as<std::string>() != "function")
    return "an object";
  const std::string name = constructor["name"].as<std::string>();
  if (name.empty() || name == "Object") return "an object";
  return (std::string("AEIO").find(name[0]) != std::string::npos ? "an " : "a ") + name;
}

// A JS number, or an Error naming `what` and what it got instead.
inline double number_value(const val& value, const std::string& what) {
  require(value.typeOf().as<std::string>() == "number",
          what + " must be a number, got " + describe(value));
  return value.as<double>();
}

// A JS string, or an Error naming `what` and what it got instead.
inline std::string text_value(const val& value, const std::string& what) {
  require(value.typeOf().as<std::string>() == "string",
          what + " must be a string, got " + describe(value));
  return value.as<std::string>();
}

// Copies a JS typed array of the expected kind into a vector, in one call.
template <typename T>
std::vector<T> copy_typed_array(const val& array, const char* js_type, const std::string& what) {
  require(array.instanceof (val::global(js_type)),
                           what + " must be a " + js_type + ", got " + describe(array));
  std::vector<T> values(array["length"].as<std::size_t>());
  val(emscripten::typed_memory_view(values.size(), values.data())).call<void>("set", array);
  return values;
}

// A fresh JS typed array holding a copy of `values` (a memory view would die
// when the wasm memory grows).
template <typename T>
val to_typed_array(const std::vector<T>& values, const char* js_type) {
  return val::global(js_type).new_(emscripten::typed_memory_view(values.size(), values.data()));
}

// A dataset for JS: inputs (count, inputSize) and targets (count, targetSize),
// each an Int32Array of token or class ids when the dataset holds those, else
// a Float32Array (a Dataset holds exactly one of each pair).
inline val dataset_to_js(const Dataset& d) {
  val item = val::object();
  item.set("inputs", d.has_tokens() ? to_typed_array(d.tokens, "Int32Array")
                                    : to_typed_array(d.inputs, "Float32Array"));
  item.set("targets", d.has_labels() ? to_typed_array(d.labels, "Int32Array")
                                     : to_typed_array(d.targets, "Float32Array"));
  item.set("count", d.count);
  item.set("inputSize", d.input_size);
  item.set("targetSize", d.target_size);
  return item;
}

// A number as a person writes it: "-1", "2.5", "4294967297", "nan".
inline std::string number_text(double value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.10g", value);
  return text;
}

// A whole number in [min, max], or an Error naming `what` and the range.
inline std::size_t whole_number(double value, double min, double max, const std::string& what) {
  require(std::isfinite(value) && value >= min && value <= max && std::floor(value) == value,
          what + " must be a whole number from " + std::to_string(std::llround(min)) + " to " +
              std::to_string(std::llround(max)) + ", got " + number_text(value));
  return static_cast<std::size_t>(value);
}

// Reads optional fields of a JS options object, checking their types.
class Fields {
public:
  Fields(const val& object, std::string prefix) : object_(object), prefix_(std::move(prefix)) {
    // Arrays and typed arrays are objects to JS, but never a set of fields.
    require(object_.isUndefined() || object_.isNull() ||
                (object_.typeOf().as<std::string>() == "object" && !object_.isArray() &&
                 !val::global("ArrayBuffer").call<bool>("isView", object_)),
            prefix_ + " must be an object, got " + describe(object_));
  }

  // Every key must be in `allowed`: a misspelt key (learningrate) must not
  // silently fall back to a default. The error names the key and lists the
  // allowed ones, e.g. `unknown option "learningrate"; allowed: batchSize, ...`.
  // `noun` is "option", "data field", ...; `key_prefix` places nested keys
  // ("schedule.").
  void allow_only(std::vector<std::string> allowed, const std::string& noun,
                  const std::string& key_prefix = "") const {
    if (object_.isUndefined() || object_.isNull()) return;
    const val keys = val::global("Object").call<val>("keys", object_);
    const auto count = keys["length"].as<std::size_t>();
    std::sort(allowed.begin(), allowed.end());
    for (std::size_t i = 0; i < count; ++i) {
      const std::string key = keys[i].as<std::string>();
      if (std::binary_search(allowed.begin(), allowed.end(), key)) continue;
      std::string list;
      for (const std::string& a : allowed) list += (list.empty() ? "" : ", ") + a;
      throw Error("unknown " + noun + " \"" + key_prefix + key + "\"; allowed: " + list);
    }
  }
  bool has(const char* name) const {
    return !object_.isUndefined() && !object_.isNull() && !object_[name].isUndefined();
  }
  std::string name(const char* field) const { return prefix_ + "." + field; }
  const std::string& prefix() const { return prefix_; }

  // A number that is 0 (off) or positive, as float.
  float off_or_positive(const char* field) const {
    const double v = number(field, 0.0);
    require(std::isfinite(v) && v >= 0.0,
            name(field) + " must be 0 (off) or a positive number, got " + number_text(v));
    return static_cast<float>(v);
  }

  double number(const char* field, double fallback) const {
    if (!has(field)) return fallback;
    return number_value(object_[field], name(field));
  }
  std::string text(const char* field, const std::string& fallback) const {
    if (!has(field)) return fallback;
    const val v = object_[field];
    require(v.typeOf().as<std::string>() == "string",
            name(field) + " must be a string, got " + describe(v));
    return v.as<std::string>();
  }
  bool boolean(const char* field, bool fallback) const {
    if (!has(field)) return fallback;
    const val v = object_[field];
    require(v.typeOf().as<std::string>() == "boolean",
            name(field) + " must be true or false, got " + describe(v));
    return v.as<bool>();
  }
  val object(const char* field) const { return has(field) ? object_[field] : val::undefined(); }

private:
  val object_;
  std::string prefix_;
};

// Runs `body`, prefixing any engine error with the JS field it concerns.
template <typename Body>
auto for_field(const std::string& field, Body&& body) {
  try {
    return body();
  } catch (const Error& e) {
    throw Error(field + ": " + e.what());
  }
}

}  // namespace glassbox::wasm
