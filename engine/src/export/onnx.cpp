// `glassbox export --to onnx`: the layers build an OnnxGraph (layers/export.hpp);
// this file writes it as an ONNX ModelProto. Field numbers from onnx.proto:
//   ModelProto: ir_version 1, producer_name 2, producer_version 3, doc_string 6,
//               graph 7, opset_import 8
//   OperatorSetIdProto: domain 1, version 2
//   GraphProto: node 1, name 2, initializer 5, doc_string 10, input 11, output 12
//   NodeProto: input 1, output 2, name 3, op_type 4, attribute 5
//   AttributeProto: name 1, f 2, i 3, ints 8, type 20 (FLOAT 1, INT 2, INTS 7)
//   TensorProto: dims 1, data_type 2 (FLOAT 1, INT64 7), name 8, raw_data 9
//   ValueInfoProto: name 1, type 2; TypeProto: tensor_type 1;
//   TypeProto.Tensor: elem_type 1, shape 2; TensorShapeProto: dim 1;
//   Dimension: dim_value 1, dim_param 2
#include "glassbox/core/error.hpp"
#include "glassbox/export/export.hpp"
#include "glassbox/export/protobuf.hpp"
#include "glassbox/layers/export.hpp"

namespace glassbox {
namespace {

ProtoWriter attribute_proto(const OnnxAttribute& a) {
  ProtoWriter p;
  p.text(1, a.name);
  switch (a.kind) {
    case OnnxAttribute::Kind::real:
      p.real(2, a.real);
      p.integer(20, 1);
      break;
    case OnnxAttribute::Kind::integer:
      p.integer(3, a.integer);
      p.integer(20, 2);
      break;
    case OnnxAttribute::Kind::integers:
      for (std::int64_t v : a.integers) p.integer(8, v);
      p.integer(20, 7);
      break;
  }
  return p;
}

ProtoWriter node_proto(const OnnxNode& node, std::size_t index) {
  ProtoWriter p;
  for (const auto& name : node.inputs) p.text(1, name);
  for (const auto& name : node.outputs) p.text(2, name);
  p.text(3, node.op + "_" + std::to_string(index));
  p.text(4, node.op);
  for (const auto& a : node.attributes) p.message(5, attribute_proto(a));
  return p;
}

ProtoWriter tensor_proto(const OnnxTensor& t) {
  ProtoWriter p;
  for (std::int64_t d : t.dims) p.integer(1, d);
  p.integer(2, t.integers ? onnx_int64_type : onnx_float_type);
  p.text(8, t.name);
  if (t.integers)
    p.integers_as_bytes(9, t.integer_data);
  else
    p.floats_as_bytes(9, t.data);
  return p;
}

// A float tensor value of shape (batch, ...shape), the batch left symbolic.
ProtoWriter value_info(const std::string& name, const Shape& shape) {
  ProtoWriter batch;
  batch.text(2, "batch");
  ProtoWriter dims;
  dims.message(1, batch);
  for (std::size_t d : shape) {
    ProtoWriter dim;
    dim.integer(1, static_cast<std::int64_t>(d));
    dims.message(1, dim);
  }
  ProtoWriter tensor;
  tensor.integer(1, onnx_float_type);
  tensor.message(2, dims);
  ProtoWriter type;
  type.message(1, tensor);
  ProtoWriter info;
  info.text(1, name);
  info.message(2, type);
  return info;
}

}  // namespace

std::string export_onnx_layer(OnnxGraph& graph, const Layer& layer, std::size_t index,
                              const std::string& input) {
  graph.push_scope("layers." + std::to_string(index) + ".");
  std::string output;
  try {
    output = layer.to_onnx(graph, input);
  } catch (const Error& e) {
    throw Error("layer " + std::to_string(index) + ": " + e.what());
  }
  graph.pop_scope();
  return output;
}

std::vector<std::uint8_t> export_onnx(const Model& model) {
  OnnxGraph graph;
  std::string value = "input";
  for (std::size_t i = 0; i < model.layer_count(); ++i)
    value = export_onnx_layer(graph, model.layer(i), i, value);
  // The graph's output has a fixed name, whatever the last layer called it.
  (void)graph.add("Identity", {value}, "output");

  ProtoWriter g;
  const auto& nodes = graph.nodes();
  for (std::size_t k = 0; k < nodes.size(); ++k) g.message(1, node_proto(nodes[k], k));
  g.text(2, "glassbox");
  for (const auto& t : graph.initializers()) g.message(5, tensor_proto(t));
  g.text(10, model.architecture().to_json());
  g.message(11, value_info("input", model.input_shape()));
  g.message(12, value_info("output", model.output_shape()));

  ProtoWriter opset;
  opset.text(1, "");
  opset.integer(2, onnx_opset);
  ProtoWriter m;
  m.integer(1, onnx_ir_version);
  m.text(2, "glassbox");
  m.message(7, g);
  m.message(8, opset);
  const std::string& bytes = m.bytes();
  return {bytes.begin(), bytes.end()};
}

}  // namespace glassbox
