#include "glassbox/layers/export.hpp"

#include <algorithm>
#include <cstdio>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/layer.hpp"

namespace glassbox {

TorchModule Layer::to_torch() const {
  throw Error(std::string(type()) + " layers cannot be exported to PyTorch yet");
}

std::string Layer::to_onnx(OnnxGraph& /*graph*/, const std::string& /*input*/) const {
  throw Error(std::string(type()) + " layers cannot be exported to ONNX yet");
}

OnnxAttribute onnx_int(std::string name, std::int64_t value) {
  return {std::move(name), OnnxAttribute::Kind::integer, value};
}

OnnxAttribute onnx_float(std::string name, float value) {
  return {std::move(name), OnnxAttribute::Kind::real, 0, value};
}

OnnxAttribute onnx_ints(std::string name, std::vector<std::int64_t> values) {
  return {std::move(name), OnnxAttribute::Kind::integers, 0, 0.0f, std::move(values)};
}

std::string OnnxGraph::scoped(const std::string& local) const {
  std::string name;
  for (const auto& s : scopes_) name += s;
  return name + local;
}

std::string OnnxGraph::unique(const std::string& name) {
  std::string candidate = name;
  for (int k = 1; std::find(used_.begin(), used_.end(), candidate) != used_.end(); ++k)
    candidate = name + "_" + std::to_string(k);
  used_.push_back(candidate);
  return candidate;
}

std::string OnnxGraph::add(const std::string& op, std::vector<std::string> inputs,
                           const std::string& local, std::vector<OnnxAttribute> attributes) {
  const std::string output = unique(scoped(local));
  nodes_.push_back({op, std::move(inputs), {output}, std::move(attributes)});
  return output;
}

std::string OnnxGraph::initializer(const std::string& local, std::vector<std::int64_t> dims,
                                   std::span<const float> values) {
  const std::string name = unique(scoped(local));
  initializers_.push_back({name, std::move(dims), {values.begin(), values.end()}});
  return name;
}

std::string OnnxGraph::constant(const std::string& local, float value) {
  const float one[] = {value};
  return initializer(local, {}, one);
}

std::string OnnxGraph::integers(const std::string& local, std::vector<std::int64_t> values) {
  const std::string name = unique(scoped(local));
  const auto count = static_cast<std::int64_t>(values.size());
  initializers_.push_back({name, {count}, {}, true, std::move(values)});
  return name;
}

std::string float_text(float value) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", static_cast<double>(value));
  return text;
}

}  // namespace glassbox
