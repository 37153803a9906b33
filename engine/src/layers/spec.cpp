#include "glassbox/layers/spec.hpp"

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

const FieldValue& field(const LayerSpec& spec, const std::string& name) {
  const auto it = spec.fields.find(name);
  if (it == spec.fields.end()) throw Error(spec.type + " has no field \"" + name + "\"");
  return it->second;
}

double numeric(const LayerSpec& spec, const std::string& name) {
  const auto* value = std::get_if<double>(&field(spec, name));
  if (!value) throw Error(spec.type + " field \"" + name + "\" is a name, not a number");
  return *value;
}

}  // namespace

std::size_t LayerSpec::count(const std::string& name) const {
  return static_cast<std::size_t>(numeric(*this, name));
}

float LayerSpec::number(const std::string& name) const {
  return static_cast<float>(numeric(*this, name));
}

bool LayerSpec::flag(const std::string& name) const {
  return numeric(*this, name) != 0.0;
}

const std::string& LayerSpec::text(const std::string& name) const {
  const auto* value = std::get_if<std::string>(&field(*this, name));
  if (!value) throw Error(type + " field \"" + name + "\" is a number, not a name");
  return *value;
}

}  // namespace glassbox
