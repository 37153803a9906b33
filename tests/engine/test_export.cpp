// Export: the protobuf writer byte by byte, the ONNX model's framing, the
// PyTorch module's text, and the refusal of a layer that cannot be exported.
// That the exported files compute the engine's numbers is proven in real
// PyTorch (tests/interop) and ONNX Runtime (tests/web/onnx-export.test.ts).
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/export/export.hpp"
#include "glassbox/export/protobuf.hpp"
#include "glassbox/layers/export.hpp"
#include "glassbox/model/model.hpp"

using namespace glassbox;

namespace {

std::string hex(const std::string& bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    if (!out.empty()) out += ' ';
    out += digits[c >> 4];
    out += digits[c & 15];
  }
  return out;
}

// A layer type with no export of its own.
class Unexportable final : public Layer {
public:
  Unexportable() : Layer({2}, {2}) {}
  std::string_view type() const override { return "mystery"; }
  LayerSpec spec() const override { return {"mystery"}; }
  void forward(std::span<const float>, std::span<float>, std::size_t) override {}
  void backward(std::span<const float>, std::span<const float>, std::span<const float>,
                std::span<float>, std::size_t) override {}
};

}  // namespace

TEST_CASE("protobuf fields are written as the wire format says", "[export][protobuf]") {
  ProtoWriter p;
  // Field 1, varint 150: key (1 << 3 | 0) = 08; 150 = 0b1_0010110 → 96 01.
  p.integer(1, 150);
  CHECK(hex(p.bytes()) == "08 96 01");

  ProtoWriter negative;
  // Field 3, −1 as int64: key 18, then 2⁶⁴ − 1 in 7-bit groups: nine ff, then 01.
  negative.integer(3, -1);
  CHECK(hex(negative.bytes()) == "18 ff ff ff ff ff ff ff ff ff 01");

  ProtoWriter real;
  // Field 2, fixed32: key (2 << 3 | 5) = 15; 1.0f = 0x3f800000, little-endian.
  real.real(2, 1.0f);
  CHECK(hex(real.bytes()) == "15 00 00 80 3f");

  ProtoWriter text;
  // Field 2, length-delimited: key (2 << 3 | 2) = 12, length 7, "testing".
  text.text(2, "testing");
  CHECK(hex(text.bytes()) == "12 07 74 65 73 74 69 6e 67");

  ProtoWriter outer;
  // Field 3 holding the message {1: 150}: key 1a, length 3, then its bytes.
  outer.message(3, p);
  CHECK(hex(outer.bytes()) == "1a 03 08 96 01");

  ProtoWriter floats;
  // Field 9 (bytes): 2 floats = 8 bytes; −2.0f = 0xc0000000.
  const float values[] = {1.0f, -2.0f};
  floats.floats_as_bytes(9, values);
  CHECK(hex(floats.bytes()) == "4a 08 00 00 80 3f 00 00 00 c0");

  ProtoWriter integers;
  // Field 9 (bytes): 2 int64s = 16 bytes, little-endian; −1 is eight ff.
  const std::int64_t ids[] = {2, -1};
  integers.integers_as_bytes(9, ids);
  CHECK(hex(integers.bytes()) == "4a 10 02 00 00 00 00 00 00 00 ff ff ff ff ff ff ff ff");

  ProtoWriter big;
  // Field 16 needs a two-byte key: 16 << 3 = 128 → 80 01.
  big.integer(16, 300);
  CHECK(hex(big.bytes()) == "80 01 ac 02");
}

TEST_CASE("a layer without an export refuses, naming its type", "[export]") {
  const Unexportable layer;
  CHECK_THROWS_WITH(layer.to_torch(), "mystery layers cannot be exported to PyTorch yet");
  OnnxGraph graph;
  CHECK_THROWS_WITH(layer.to_onnx(graph, "input"), "mystery layers cannot be exported to ONNX yet");
}

TEST_CASE("the PyTorch module builds the layers and transposes the dense weights",
          "[export][pytorch]") {
  const Architecture arch = Architecture::from_json(
      R"({"input": [1, 4, 4], "layers": [{"type": "conv2d", "filters": 2, "kernel": 3,
          "padding": 1}, {"type": "relu"}, {"type": "flatten"}, {"type": "dense", "units": 3}]})");
  const Model model(arch, 1);
  const std::string code = export_pytorch(model, "tiny.safetensors");
  CHECK_THAT(code, Catch::Contains(
                       "            nn.Conv2d(1, 2, 3, stride=1, padding=1),  # layer 0: conv2d\n"
                       "            nn.ReLU(),  # layer 1: relu\n"
                       "            nn.Flatten(),  # layer 2: flatten\n"
                       "            nn.Linear(32, 3),  # layer 3: dense\n"));
  CHECK_THAT(code, Catch::Contains("TRANSPOSED = {\"layers.3.weight\"}\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.3.weight\": (32, 3),\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.0.weight\": (2, 1, 3, 3),\n"));
  CHECK_THAT(code, Catch::Contains("INPUT_SHAPE = (1, 4, 4)\nOUTPUT_SHAPE = (3,)\n"));
  CHECK_THAT(code, Catch::Contains("model = load(\"tiny.safetensors\")"));
}

TEST_CASE("a residual block's PyTorch module names its tensors as the model file does",
          "[export][pytorch]") {
  const Architecture arch = Architecture::from_json(
      R"({"input": 4, "layers": [{"type": "residual", "layers": [{"type": "dense", "units": 2}]}]})");
  const Model model(arch, 1);
  const std::string code = export_pytorch(model);
  CHECK_THAT(code, Catch::Contains("TRANSPOSED = {\"layers.0.body.0.weight\", "
                                   "\"layers.0.projection.weight\"}\n"));
  CHECK_THAT(code, Catch::Contains("Residual(nn.Sequential(\n"
                                   "                nn.Linear(4, 2),\n"
                                   "            ), nn.Linear(4, 2)),  # layer 0: residual\n"));
  CHECK_THAT(code, Catch::Contains("class Residual(nn.Module):"));
}

TEST_CASE("the ONNX model states IR version 8 and opset 17 and names its weights",
          "[export][onnx]") {
  const Architecture arch = Architecture::from_json(
      R"({"input": 3, "loss": "mse", "layers": [{"type": "dense", "units": 2}, {"type": "relu"}]})");
  Model model(arch, 1);
  const auto bytes = export_onnx(model);
  const std::string text(bytes.begin(), bytes.end());
  // ModelProto field 1 (ir_version) = 8 comes first: 08 08.
  CHECK(hex(text.substr(0, 2)) == "08 08");
  // opset_import (field 8): {domain (1) "", version (2) 17} = 42 04 0a 00 10 11, at the end.
  CHECK(hex(text.substr(text.size() - 6)) == "42 04 0a 00 10 11");
  for (const char* name :
       {"layers.0.weight", "layers.0.bias", "MatMul", "Relu", "input", "output", "batch"})
    CHECK_THAT(text, Catch::Contains(name));
  // The initializer (the last mention of the name, after the nodes): its raw
  // data follows the name, 3·2 floats as the engine holds them, (in, out).
  const std::string weight_name = "layers.0.weight";
  const std::size_t at = text.rfind(weight_name) + weight_name.size();
  CHECK(hex(text.substr(at, 2)) == "4a 18");  // raw_data (9), 24 bytes
  CHECK(text.compare(at + 2, 24, reinterpret_cast<const char*>(model.parameters().data()), 24) ==
        0);
}

TEST_CASE("recurrent layers become renamed nn.RNN, nn.GRU and nn.LSTM modules",
          "[export][pytorch]") {
  const Architecture arch = Architecture::from_json(
      R"({"input": [5], "layers": [{"type": "rnn", "units": 3}, {"type": "gru", "units": 4},
          {"type": "lstm", "units": 2, "return_sequences": false}, {"type": "dense", "units": 2}]})");
  const Model model(arch, 1);
  const std::string code = export_pytorch(model);
  // (5) is read as (5, 1): one number per step.
  CHECK_THAT(code,
             Catch::Contains(
                 "            GlassboxRNN(1, 3, scalar_steps=True, return_sequences=True),  "
                 "# layer 0: rnn\n"
                 "            GlassboxGRU(3, 4, scalar_steps=False, return_sequences=True),  "
                 "# layer 1: gru\n"
                 "            GlassboxLSTM(4, 2, scalar_steps=False, return_sequences=False),  "
                 "# layer 2: lstm\n"));
  // PyTorch's layout: nothing but the dense weight is transposed.
  CHECK_THAT(code, Catch::Contains("TRANSPOSED = {\"layers.3.weight\"}\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.2.weight_ih\": (8, 4),\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.1.weight_hh\": (12, 4),\n"));
  CHECK_THAT(code, Catch::Contains("class GlassboxLSTM(Recurrent, nn.LSTM):"));
}

TEST_CASE("token layers become an embedding, position tables and explicit self-attention",
          "[export][pytorch]") {
  const Architecture arch = Architecture::from_json(
      R"({"input": [4], "vocabulary": 3, "layers": [
          {"type": "embedding", "vocabulary": 3, "dimension": 6},
          {"type": "positional_encoding"}, {"type": "positional_encoding", "kind": "learned"},
          {"type": "attention", "heads": 2, "head_size": 2, "causal": true},
          {"type": "attention", "heads": 3}]})");
  const Model model(arch, 1);
  const std::string code = export_pytorch(model);
  CHECK_THAT(code, Catch::Contains("            TokenEmbedding(3, 6),  # layer 0: embedding\n"
                                   "            SinusoidalPositions(4, 6),  # layer 1: "
                                   "positional_encoding\n"
                                   "            LearnedPositions(4, 6),  # layer 2: "
                                   "positional_encoding\n"
                                   "            SelfAttention(6, 2, 2, causal=True),  # layer 3: "
                                   "attention\n"
                                   "            SelfAttention(6, 3, 2, causal=False),  # layer 4: "
                                   "attention\n"));
  // Glassbox keeps in_proj_weight (D, 3E) and out_proj.weight (E, D).
  CHECK_THAT(code, Catch::Contains("TRANSPOSED = {\"layers.3.in_proj_weight\", "
                                   "\"layers.3.out_proj.weight\", \"layers.4.in_proj_weight\", "
                                   "\"layers.4.out_proj.weight\"}\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.3.in_proj_weight\": (6, 12),\n"));
  CHECK_THAT(code, Catch::Contains("    \"layers.2.weight\": (4, 6),\n"));
  CHECK_THAT(code, Catch::Contains("class SelfAttention(nn.Module):"));
  CHECK_THAT(code, Catch::Contains("import math\n"));
}

TEST_CASE("a model's layer that cannot be exported to ONNX is refused with its index",
          "[export][onnx]") {
  const Unexportable layer;
  OnnxGraph graph;
  CHECK_THROWS_WITH(export_onnx_layer(graph, layer, 3, "input"),
                    "layer 3: mystery layers cannot be exported to ONNX yet");
  CHECK(graph.nodes().empty());
}

namespace {

// The initializer `name` of `graph` (Catch2 fails the test when there is none).
const OnnxTensor& initializer(const OnnxGraph& graph, const std::string& name) {
  for (const auto& t : graph.initializers())
    if (t.name == name) return t;
  FAIL("no initializer " << name);
  throw Error("unreachable");
}

std::vector<std::string> ops(const OnnxGraph& graph) {
  std::vector<std::string> out;
  for (const auto& n : graph.nodes()) out.push_back(n.op);
  return out;
}

// Layer 0 of a model of `json` (an "mse" model, so any layer may end it),
// alone in a graph (names unscoped).
struct OneLayer {
  explicit OneLayer(const std::string& json)
      : model(Architecture::from_json("{\"loss\": \"mse\", " + json.substr(1)), 7) {
    output = model.layer(0).to_onnx(graph, "input");
  }
  // Parameter `name` of layer 0 as the engine holds it.
  std::vector<float> tensor(const std::string& name) const {
    const NamedTensor t = model.tensor(0, name);
    const auto first = model.parameters().begin() + static_cast<std::ptrdiff_t>(t.offset);
    return {first, first + static_cast<std::ptrdiff_t>(element_count(t.shape))};
  }
  Model model;
  OnnxGraph graph;
  std::string output;
};

}  // namespace

// With one hidden unit and one input, each gate block is one number, so the
// reordering can be read off by hand: ours (PyTorch's) LSTM i, f, g, o
// becomes ONNX's i, o, f, c; GRU r, z, n becomes z, r, h.
TEST_CASE("recurrent layers become ONNX LSTM, GRU and RNN with the gates in ONNX's order",
          "[export][onnx]") {
  const OneLayer lstm(R"({"input": [3, 1], "layers": [{"type": "lstm", "units": 1}]})");
  const auto w = lstm.tensor("weight_ih"), r = lstm.tensor("weight_hh");
  const auto bi = lstm.tensor("bias_ih"), bh = lstm.tensor("bias_hh");
  CHECK(initializer(lstm.graph, "weight_ih").dims == std::vector<std::int64_t>{1, 4, 1});
  CHECK(initializer(lstm.graph, "weight_ih").data == std::vector<float>{w[0], w[3], w[1], w[2]});
  CHECK(initializer(lstm.graph, "weight_hh").data == std::vector<float>{r[0], r[3], r[1], r[2]});
  CHECK(initializer(lstm.graph, "bias_ih_hh").dims == std::vector<std::int64_t>{1, 8});
  CHECK(initializer(lstm.graph, "bias_ih_hh").data ==
        std::vector<float>{bi[0], bi[3], bi[1], bi[2], bh[0], bh[3], bh[1], bh[2]});
  CHECK(ops(lstm.graph) == std::vector<std::string>{"Transpose", "LSTM", "Squeeze", "Transpose"});
  CHECK(lstm.output == "output");

  const OneLayer gru(
      R"({"input": [3], "layers": [{"type": "gru", "units": 1, "return_sequences": false}]})");
  const auto g = gru.tensor("weight_ih"), gb = gru.tensor("bias_hh");
  CHECK(initializer(gru.graph, "weight_ih").data == std::vector<float>{g[1], g[0], g[2]});
  const auto& gru_bias = initializer(gru.graph, "bias_ih_hh").data;
  CHECK(std::vector<float>(gru_bias.begin() + 3, gru_bias.end()) ==
        std::vector<float>{gb[1], gb[0], gb[2]});
  // (T) steps gain their feature axis; only the last step is returned.
  CHECK(ops(gru.graph) ==
        std::vector<std::string>{"Unsqueeze", "Transpose", "GRU", "Slice", "Squeeze"});
  const auto& cell = gru.graph.nodes()[2].attributes;
  REQUIRE(cell.size() == 3);
  CHECK((cell[0].name == "hidden_size" && cell[0].integer == 1));
  CHECK((cell[2].name == "linear_before_reset" && cell[2].integer == 1));
  CHECK(initializer(gru.graph, "last_start").integer_data == std::vector<std::int64_t>{-1});

  const OneLayer rnn(R"({"input": [3, 2], "layers": [{"type": "rnn", "units": 2}]})");
  CHECK(initializer(rnn.graph, "weight_ih").data == rnn.tensor("weight_ih"));
  CHECK(rnn.graph.nodes()[1].op == "RNN");
}

TEST_CASE("token layers become Cast and Gather, an added table, and attention ops",
          "[export][onnx]") {
  const OneLayer embedding(R"({"input": [4], "vocabulary": 3, "layers": [
      {"type": "embedding", "vocabulary": 3, "dimension": 2}]})");
  CHECK(ops(embedding.graph) == std::vector<std::string>{"Cast", "Gather"});
  CHECK(embedding.graph.nodes()[0].attributes[0].integer == onnx_int64_type);
  CHECK(initializer(embedding.graph, "weight").data == embedding.tensor("weight"));

  // The fixed table is the float32 sin/cos the engine adds: PE[1][0] = sin 1,
  // PE[1][1] = cos 1 (D = 2, so i = 0 and the divisor is 10000⁰ = 1).
  const OneLayer sinusoidal(R"({"input": [2, 2], "layers": [{"type": "positional_encoding"}]})");
  CHECK(initializer(sinusoidal.graph, "pe").data ==
        std::vector<float>{0.0f, 1.0f, static_cast<float>(std::sin(1.0)),
                           static_cast<float>(std::cos(1.0))});
  CHECK(ops(sinusoidal.graph) == std::vector<std::string>{"Add"});
  const OneLayer learned(
      R"({"input": [2, 2], "layers": [{"type": "positional_encoding", "kind": "learned"}]})");
  CHECK(initializer(learned.graph, "weight").data == learned.tensor("weight"));

  const OneLayer causal(
      R"({"input": [3, 4], "layers": [{"type": "attention", "heads": 2, "causal": true}]})");
  const float inf = std::numeric_limits<float>::infinity();
  CHECK(initializer(causal.graph, "causal_mask").data ==
        std::vector<float>{0, -inf, -inf, 0, 0, -inf, 0, 0, 0});
  CHECK(initializer(causal.graph, "scale").data == std::vector<float>{1.0f / std::sqrt(2.0f)});
  CHECK(initializer(causal.graph, "heads_shape").integer_data ==
        std::vector<std::int64_t>{0, 0, 2, 2});
  CHECK(initializer(causal.graph, "in_proj_weight").dims == std::vector<std::int64_t>{4, 12});
  CHECK(initializer(causal.graph, "key_start").integer_data == std::vector<std::int64_t>{4});
  const OneLayer open(R"({"input": [3, 4], "layers": [{"type": "attention", "heads": 2}]})");
  for (const auto& t : open.graph.initializers()) CHECK(t.name != "causal_mask");
}
