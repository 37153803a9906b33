#pragma once
// What a layer writes when its model leaves Glassbox (glassbox/export/export.hpp
// assembles the files). Each layer type says how it looks in PyTorch and in
// ONNX in its own source file (`to_torch`, `to_onnx`); a type that does not
// override them makes the export fail with an Error naming it, so an export
// never contains code that would compute something else.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

// A layer as a PyTorch module.
struct TorchModule {
  // A Python expression that builds the module, e.g. "nn.Linear(784, 128)".
  // Its state_dict keys must be the layer's tensor names ("weight", "bias",
  // "body.0.weight"), so a Glassbox file loads into it by name.
  std::string code;
  // Tensors (by name, as above) that PyTorch stores transposed relative to
  // Glassbox: a dense weight is (in, out) here and (out, in) in nn.Linear.
  std::vector<std::string> transposed{};
  // Python class definitions `code` uses beyond torch.nn ("class Residual...");
  // the exporter writes each distinct one once.
  std::vector<std::string> helpers{};
};

struct OnnxAttribute {
  enum class Kind { integer, real, integers };
  std::string name;
  Kind kind = Kind::integer;
  std::int64_t integer = 0;
  float real = 0.0f;
  std::vector<std::int64_t> integers{};
};
OnnxAttribute onnx_int(std::string name, std::int64_t value);
OnnxAttribute onnx_float(std::string name, float value);
OnnxAttribute onnx_ints(std::string name, std::vector<std::int64_t> values);

struct OnnxNode {
  std::string op;  // "MatMul", "Conv", ...
  std::vector<std::string> inputs, outputs;
  std::vector<OnnxAttribute> attributes;
};

// TensorProto.DataType codes (onnx.proto), for tensors and Cast's "to".
inline constexpr std::int64_t onnx_float_type = 1;
inline constexpr std::int64_t onnx_int64_type = 7;

// A tensor stored in the model: float32 (a weight, a constant) or, when
// `integers` is set, int64 (the shapes, axes and indices ops such as Reshape,
// Slice and Unsqueeze read from an input).
struct OnnxTensor {
  std::string name;
  std::vector<std::int64_t> dims;
  std::vector<float> data;
  bool integers = false;
  std::vector<std::int64_t> integer_data{};
};

// The ONNX graph a model's layers build, one layer after another; plain data
// (export/onnx.cpp writes it as protobuf). Names live in a scope
// ("layers.3." then "layers.3.body.0."), so a layer's weights are named as in
// the Glassbox model file.
class OnnxGraph {
public:
  void push_scope(const std::string& prefix) { scopes_.push_back(prefix); }
  void pop_scope() { scopes_.pop_back(); }
  std::string scoped(const std::string& local) const;

  // Adds node `op` reading `inputs` and returns its one output's name
  // (scope + `local`, made unique).
  std::string add(const std::string& op, std::vector<std::string> inputs, const std::string& local,
                  std::vector<OnnxAttribute> attributes = {});
  // A weight named scope + `local`, copied from `values`.
  std::string initializer(const std::string& local, std::vector<std::int64_t> dims,
                          std::span<const float> values);
  // A scalar constant (broadcast by the elementwise ops).
  std::string constant(const std::string& local, float value);
  // A 1-D int64 constant (Reshape's shape, Slice's starts, Unsqueeze's axes).
  std::string integers(const std::string& local, std::vector<std::int64_t> values);

  const std::vector<OnnxNode>& nodes() const { return nodes_; }
  const std::vector<OnnxTensor>& initializers() const { return initializers_; }

private:
  std::string unique(const std::string& name);
  std::vector<std::string> scopes_;
  std::vector<OnnxNode> nodes_;
  std::vector<OnnxTensor> initializers_;
  std::vector<std::string> used_;
};

// "1.00000001e-05": a float written so that reading it back gives the same float.
std::string float_text(float value);

}  // namespace glassbox
