// Hostile input (issue 13): absurd sizes, lying headers, wrong JSON types,
// devices instead of files. Each refusal is a glassbox::Error whose exact
// message says what was wrong and what is allowed.
#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/metrics.hpp"

using namespace glassbox;

namespace {

using Bytes = std::vector<std::uint8_t>;
using nlohmann::json;

Bytes file_from(const json& header, std::size_t data_bytes) {
  const std::string text = header.dump();
  Bytes out(8 + text.size() + data_bytes, 0);
  const std::uint64_t length = text.size();
  std::memcpy(out.data(), &length, 8);
  std::memcpy(out.data() + 8, text.data(), text.size());
  return out;
}

// A 3 → 2 dense model's file, with `edit` applied to its header.
Bytes model_file(const std::function<void(json&)>& edit) {
  json header = {
      {"__metadata__",
       {{"format", "glassbox"},
        {"format_version", "2"},
        {"architecture", R"({"input": 3, "layers": [{"type": "dense", "units": 2}]})"}}},
      {"layers.0.weight", {{"dtype", "F32"}, {"shape", {3, 2}}, {"data_offsets", {0, 24}}}},
      {"layers.0.bias", {{"dtype", "F32"}, {"shape", {2}}, {"data_offsets", {24, 32}}}}};
  edit(header);
  return file_from(header, 32);
}

std::string message_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "(no Error thrown)";
}

}  // namespace

TEST_CASE("sizes over the stated limit are refused up front, never wrapped", "[hostile]") {
  CHECK(max_elements == 268435456);
  CHECK(checked_multiply(16384, 16384, "a batch") == 268435456);
  CHECK(message_of([] { checked_multiply(16384, 16385, "a batch"); }) ==
        "a batch is too large: 16384 × 16385 = 268451840 values; the limit is 268435456 (1 GiB "
        "of float32, sized for a 32-bit WebAssembly tab)");
  // 65536 × 65536 is 2³², which wraps to 0 in a 32-bit size_t.
  CHECK(message_of([] { checked_multiply(65536, 65536, "the batch"); }) ==
        "the batch is too large: 65536 × 65536 = 4294967296 values; the limit is 268435456 (1 "
        "GiB of float32, sized for a 32-bit WebAssembly tab)");
  CHECK(message_of([] {
          element_count({1, 2147483649, 784});
        }) ==
        "shape [1, 2147483649, 784] has too many elements: 1683627180816; the limit is 268435456 "
        "(1 GiB of float32, sized for a 32-bit WebAssembly tab)");
  CHECK(message_of([] {
          element_count({1u << 31, 1u << 31, 1u << 31});
        }) ==
        "shape [2147483648, 2147483648, 2147483648] has too many elements: over 4.6e18; the "
        "limit is 268435456 (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
}

TEST_CASE("a wrapping input shape in an architecture is refused", "[hostile]") {
  CHECK(message_of([] {
          Architecture::from_json(
              R"({"input": [1, 2147483649, 784], "layers": [{"type": "dense", "units": 2}]})");
        }) == "\"input\" sizes must be at most 1048576, got 2147483649");
  // 2^32 + 3 would become 3 in 32-bit wasm if read into size_t unchecked.
  CHECK(message_of([] {
          Architecture::from_json(
              R"({"input": 4294967299, "layers": [{"type": "dense", "units": 2}]})");
        }) == "\"input\" sizes must be at most 1048576, got 4294967299");
  CHECK(
      message_of([] {
        Architecture::from_json(
            R"({"input": 3, "vocabulary": 4294967298, "layers": [{"type": "dense", "units": 2}]})");
      }) == "vocabulary 4294967298 is over 1048576");
}

TEST_CASE("a tensor shape of 2^32 + 2 is not taken for 2", "[hostile]") {
  CHECK(message_of([] {
          load_safetensors(
              model_file([](json& h) { h["layers.0.bias"]["shape"] = {4294967298ull}; }));
        }) == "tensor 'layers.0.bias' has shape [4294967298]; the architecture needs [2]");
}

TEST_CASE("NaN or infinity in training data is named, not left to look like divergence",
          "[hostile]") {
  Dataset data;
  data.count = 2;
  data.input_size = 2;
  data.target_size = 1;
  data.inputs = {0.0f, 1.0f, std::nanf(""), 0.0f};
  data.targets = {0.0f, 1.0f};
  CHECK(message_of([&] { data.validate(); }) ==
        "input 0 of sample 1 is NaN; the data must hold finite numbers");
  data.inputs[2] = 0.5f;
  data.targets[1] = -INFINITY;
  CHECK(message_of([&] { data.validate(); }) ==
        "target 0 of sample 1 is infinite; the data must hold finite numbers");
}

TEST_CASE("a confusion matrix too large to address is refused", "[hostile]") {
  // 2 inputs → 65536 classes: 65536² counts would wrap a 32-bit size_t to 0.
  Model model(Architecture::from_sizes("2-65536", "relu", LossKind::softmax_cross_entropy), 1);
  Dataset data;
  data.count = 1;
  data.input_size = 2;
  data.target_size = 65536;
  data.inputs = {0.5f, 0.5f};
  data.targets.assign(65536, 0.0f);
  data.targets[3] = 1.0f;
  CHECK(message_of([&] { evaluate(model, data); }) ==
        "the confusion matrix is too large: 65536 × 65536 = 4294967296 values; the limit is "
        "268435456 (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
}

TEST_CASE("JSON documents are bounded in size and depth before parsing", "[hostile]") {
  const std::string big = R"({"input": 3, "layers": [{"type": "dense", "units": 2}]})" +
                          std::string(max_json_bytes, ' ');
  CHECK(message_of([&] { Architecture::from_json(big); }) ==
        "the architecture is 1048631 bytes of JSON; the limit is 1048576");
  // A __metadata__ entry nested 200,000 deep.
  const Bytes deep = [] {
    const std::string text =
        R"({"__metadata__": {"x": )" + std::string(200000, '[') + std::string(200000, ']') + "}}";
    Bytes out(8 + text.size());
    const std::uint64_t length = text.size();
    std::memcpy(out.data(), &length, 8);
    std::memcpy(out.data() + 8, text.data(), text.size());
    return out;
  }();
  CHECK(message_of([&] { load_safetensors(deep); }) ==
        "the model file header nests lists or objects more than 64 deep");
}

TEST_CASE("model file fields of the wrong JSON type name the field", "[hostile]") {
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["__metadata__"]["format_version"] = 2; }));
        }) ==
        "model file's __metadata__ field \"format_version\" must be a string such as \"2\", "
        "got 2");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["__metadata__"]["format"] = 7; }));
        }) ==
        "this safetensors file is not a Glassbox model: its __metadata__ lacks \"format\": "
        "\"glassbox\"");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["__metadata__"] = "glassbox"; }));
        }) ==
        "this safetensors file is not a Glassbox model: its __metadata__ lacks \"format\": "
        "\"glassbox\"");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["__metadata__"].erase("format_version"); }));
        }) ==
        "model file's __metadata__ has no \"format_version\"; this build reads versions "
        "\"1\" and \"2\"");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["__metadata__"]["architecture"] = 5; }));
        }) ==
        "model file has no architecture in its __metadata__ (field \"architecture\", a "
        "JSON string)");
}

TEST_CASE("tensor entries that lie are refused, naming tensor and field", "[hostile]") {
  CHECK_NOTHROW(load_safetensors(model_file([](json&) {})));
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.weight"]["shape"] = {3, 2.0}; }));
        }) ==
        "tensor 'layers.0.weight' field \"shape\" must hold whole numbers of 0 or more, "
        "got [3,2.0]");
  // 64.9 must not become 64.
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["shape"] = {64.9}; }));
        }) ==
        "tensor 'layers.0.bias' field \"shape\" must hold whole numbers of 0 or more, got "
        "[64.9]");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["shape"] = {-2}; }));
        }) ==
        "tensor 'layers.0.bias' field \"shape\" must hold whole numbers of 0 or more, got "
        "[-2]");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["shape"] = "2"; }));
        }) == "tensor 'layers.0.bias' field \"shape\" must be a list of whole numbers, got \"2\"");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["dtype"] = 32; }));
        }) == "tensor 'layers.0.bias' field \"dtype\" must be a name such as \"F32\"");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["dtype"] = "F64"; }));
        }) == "tensor 'layers.0.bias' has dtype \"F64\"; only F32 is supported");
  CHECK(message_of([] { load_safetensors(model_file([](json& h) { h["layers.0.bias"] = 7; })); }) ==
        "tensor 'layers.0.bias' must be an object with \"dtype\", \"shape\" and "
        "\"data_offsets\", got 7");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"]["offset"] = 1; }));
        }) ==
        "tensor 'layers.0.bias' has an unknown field \"offset\"; its fields: dtype, shape, "
        "data_offsets");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) { h["layers.0.bias"].erase("data_offsets"); }));
        }) == "tensor 'layers.0.bias' field \"data_offsets\" is missing");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) {
            h["layers.0.bias"]["data_offsets"] = {24, 36};
          }));
        }) ==
        "tensor 'layers.0.bias' field \"data_offsets\" must be [begin, begin + 8] for its "
        "shape, got [24,36]");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) {
            h["layers.0.bias"]["data_offsets"] = {28, 36};
          }));
        }) ==
        "model file is truncated: tensor 'layers.0.bias' ends at data byte 36, but the "
        "data has only 32 bytes");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) {
            h["layers.0.bias"]["data_offsets"] = {16, 24};
          }));
        }) ==
        "model file tensors 'layers.0.weight' and 'layers.0.bias' overlap in the data "
        "(field \"data_offsets\")");
  CHECK(message_of([] {
          load_safetensors(model_file([](json& h) {
            h["layers.1.weight"] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {0, 4}}};
          }));
        }) == "model file has a tensor 'layers.1.weight' that the architecture does not use");
  CHECK(message_of([] {
          const Bytes huge_header(8, 0xff);
          load_safetensors(huge_header);
        }) ==
        "not a safetensors model file: its first 8 bytes claim a 18446744073709551615-byte "
        "header; the limit is 1048576");
}

TEST_CASE("a tiny file naming a huge architecture is refused before the model is built",
          "[hostile]") {
  // 1000 → 65536: 65.6 M parameters, just under the limit; no tensors at all.
  // (test_allocations.cpp checks that no large buffer is allocated for it.)
  const json header = {
      {"__metadata__",
       {{"format", "glassbox"},
        {"format_version", "2"},
        {"architecture", R"({"input": 1000, "layers": [{"type": "dense", "units": 65536}]})"}}}};
  const Bytes file = file_from(header, 0);
  CHECK(file.size() < 201);
  CHECK(message_of([&] { load_safetensors(file); }) ==
        "model file is missing tensor 'layers.0.weight'");
}

TEST_CASE("the IDX reader names a bad data type in hexadecimal", "[hostile]") {
  CHECK(message_of([] {
          parse_idx(Bytes{0, 0, 0x0D, 1, 0, 0, 0, 1, 0});
        }) ==
        "IDX data type 0x0D (byte 3 of the header) is not supported; only unsigned bytes (0x08) "
        "are");
  CHECK(message_of([] {
          parse_idx(Bytes{0, 0, 0xFF, 1, 0, 0, 0, 1, 0});
        }) ==
        "IDX data type 0xFF (byte 3 of the header) is not supported; only unsigned bytes (0x08) "
        "are");
}

#ifndef __EMSCRIPTEN__
TEST_CASE("devices, FIFOs and folders are refused without reading them", "[hostile]") {
  CHECK(message_of([] { read_file("/dev/zero"); }) ==
        "cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file");
  CHECK(message_of([] { load_model_file("/dev/zero"); }) ==
        "cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file");
  CHECK(message_of([] { read_idx_file("/tmp"); }) ==
        "cannot read '/tmp': it is a folder, not a regular file");
  const std::string fifo = "/tmp/glassbox-test-fifo-" + std::to_string(getpid());
  REQUIRE(mkfifo(fifo.c_str(), 0600) == 0);
  // Opening a FIFO with no writer would block forever: it must not be opened.
  CHECK(message_of([&] { read_file(fifo); }) ==
        "cannot read '" + fifo + "': it is a device, FIFO or socket, not a regular file");
  unlink(fifo.c_str());
  CHECK(message_of([] { read_file("/nonexistent/model.safetensors"); }) ==
        "cannot open '/nonexistent/model.safetensors': no such file");
}
#endif

// Found by fuzz_idx (tests/fuzz/regressions/idx/zero-width-images): 16 bytes
// that parse as 2,162,688 images of 0 × 704,643,100 pixels. mnist_from_idx
// accepted them and built a 21 M-float target table (and a message string per
// label) from an empty file.
TEST_CASE("fuzz regression: IDX images with a zero-sized axis are not MNIST", "[hostile]") {
  const Bytes input = {0, 0, 8, 3, 0, 0x21, 0, 0, 0, 0, 0, 0, 0x2a, 0, 0, 0x1c};
  const IdxArray images = parse_idx(input);
  REQUIRE(images.dims == std::vector<std::size_t>{2162688, 0, 704643100});
  IdxArray labels;
  labels.dims = {1};
  labels.data = {7};
  CHECK(message_of([&] { mnist_from_idx(images, labels); }) ==
        "MNIST has 2162688 images but 1 labels");
  labels.dims = {2162688};
  labels.data.assign(2162688, 7);
  CHECK(message_of([&] { mnist_from_idx(images, labels); }) ==
        "MNIST images must have at least 1 image of at least 1×1 pixels; the file's dimensions "
        "are 2162688 × 0 × 704643100");
}
