#pragma once
// A layer's description, as written in an architecture: its type and its
// fields. Which fields a type has, their ranges and defaults, live in that
// layer's class (its `type_info()`), and the registry checks them.
#include <cstddef>
#include <map>
#include <string>
#include <variant>
#include <vector>

namespace glassbox {

// A number (counts are whole numbers, flags 0 or 1) or a name.
using FieldValue = std::variant<double, std::string>;

struct LayerSpec {
  std::string type;
  std::map<std::string, FieldValue> fields{};
  std::vector<LayerSpec> layers{};  // a composite's body (residual)

  // Typed reads of a field that the registry has checked and filled in.
  // Throw Error when the field is missing or of the other kind.
  std::size_t count(const std::string& name) const;
  float number(const std::string& name) const;
  bool flag(const std::string& name) const;
  const std::string& text(const std::string& name) const;
};

enum class FieldKind {
  count,   // a whole number in [min, max]
  number,  // a real number in [min, max]
  flag,    // true or false
  text,    // one of `choices`
  layers,  // a list of layer descriptions (a composite's body)
};

struct FieldInfo {
  std::string name;
  FieldKind kind = FieldKind::count;
  std::string help{};                  // one line, for the catalog and errors
  bool required = false;               // else `fallback` is used
  FieldValue fallback{0.0};            // default when absent
  double min = 0.0, max = 0.0;         // count, number: allowed range (inclusive)
  bool max_exclusive = false;          // number: max itself is not allowed (dropout rate < 1)
  std::vector<std::string> choices{};  // text: allowed names (aliases map in the layer)
};

}  // namespace glassbox
