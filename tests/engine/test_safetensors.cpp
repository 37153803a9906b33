// Model files: a round trip, and every way a file can be bad.
#include <catch2/catch.hpp>
#include <cstring>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"

using namespace glassbox;
using Catch::Contains;

namespace {

using Bytes = std::vector<std::uint8_t>;

Model small_model() {
  return Model(Architecture::from_sizes("3-4-2", "relu", LossKind::softmax_cross_entropy), 5);
}

// Splits a file into its JSON header and data, lets `edit` change the header,
// and reassembles it (the edit may change the header's length).
Bytes edit_header(const Bytes& file, const std::function<void(nlohmann::json&)>& edit) {
  std::uint64_t length = 0;
  std::memcpy(&length, file.data(), 8);
  auto header =
      nlohmann::json::parse(file.begin() + 8, file.begin() + 8 + static_cast<long>(length));
  edit(header);
  const std::string text = header.dump();
  const std::size_t data_size = file.size() - 8 - length;
  Bytes out(8 + text.size() + data_size);
  const std::uint64_t new_length = text.size();
  std::memcpy(out.data(), &new_length, 8);
  std::memcpy(out.data() + 8, text.data(), text.size());
  std::memcpy(out.data() + 8 + text.size(), file.data() + 8 + length, data_size);
  return out;
}

}  // namespace

TEST_CASE("a model survives a safetensors round trip byte for byte", "[safetensors]") {
  Model model = small_model();
  const Bytes file = save_safetensors(model);
  Model loaded = load_safetensors(file);
  CHECK(save_safetensors(loaded) == file);
  const std::vector<float> x = {0.5f, -1.0f, 2.0f};
  CHECK(model.predict(x, 1) == loaded.predict(x, 1));

  // The header is plain safetensors, readable by other tools.
  std::uint64_t length = 0;
  std::memcpy(&length, file.data(), 8);
  CHECK(length % 8 == 0);
  const auto header =
      nlohmann::json::parse(file.begin() + 8, file.begin() + 8 + static_cast<long>(length));
  CHECK(header["layers.0.weight"]["shape"] == nlohmann::json({3, 4}));
  CHECK(header["layers.0.weight"]["dtype"] == "F32");
  CHECK(header["__metadata__"]["format_version"] == "2");
}

TEST_CASE("bad model files fail with a message a user can act on", "[safetensors]") {
  const Bytes good = save_safetensors(small_model());

  SECTION("too short") {
    CHECK_THROWS_WITH(load_safetensors(Bytes{1, 2, 3}), Contains("only 3 bytes long"));
  }
  SECTION("wrong magic: a PNG is not a model") {
    Bytes png = {0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d};
    CHECK_THROWS_WITH(load_safetensors(png), Contains("not a safetensors model file"));
  }
  SECTION("header does not start with '{'") {
    Bytes file = good;
    file[8] = 'x';
    CHECK_THROWS_WITH(load_safetensors(file), Contains("does not start with '{'"));
  }
  SECTION("header longer than the file") {
    CHECK_THROWS_WITH(load_safetensors(Bytes(good.begin(), good.begin() + 40)),
                      Contains("model file is truncated: the header says"));
  }
  SECTION("truncated tensor data") {
    CHECK_THROWS_WITH(load_safetensors(Bytes(good.begin(), good.end() - 4)),
                      Contains("model file is truncated: tensor 'layers.2.bias'"));
  }
  SECTION("unknown format version") {
    const Bytes file =
        edit_header(good, [](auto& h) { h["__metadata__"]["format_version"] = "3"; });
    CHECK_THROWS_WITH(
        load_safetensors(file),
        "model file has format version '3'; this build reads versions \"1\" and \"2\"");
  }
  SECTION("a safetensors file from another tool") {
    const Bytes file = edit_header(good, [](auto& h) { h.erase("__metadata__"); });
    CHECK_THROWS_WITH(load_safetensors(file), Contains("not a Glassbox model"));
  }
  SECTION("tensor shape does not match the architecture") {
    const Bytes file = edit_header(good, [](auto& h) { h["layers.0.weight"]["shape"] = {4, 3}; });
    CHECK_THROWS_WITH(
        load_safetensors(file),
        Contains("'layers.0.weight' has shape [4, 3]; the architecture needs [3, 4]"));
  }
  SECTION("missing tensor") {
    const Bytes file = edit_header(good, [](auto& h) { h.erase("layers.2.bias"); });
    CHECK_THROWS_WITH(load_safetensors(file), Contains("missing tensor 'layers.2.bias'"));
  }
  SECTION("unexpected extra tensor") {
    const Bytes file = edit_header(good, [](auto& h) {
      h["extra"] = {{"dtype", "F32"}, {"shape", {1}}, {"data_offsets", {0, 4}}};
    });
    CHECK_THROWS_WITH(load_safetensors(file),
                      "model file has a tensor 'extra' that the architecture does not use");
  }
  SECTION("unsupported dtype") {
    const Bytes file = edit_header(good, [](auto& h) { h["layers.0.bias"]["dtype"] = "F16"; });
    CHECK_THROWS_WITH(load_safetensors(file),
                      "tensor 'layers.0.bias' has dtype \"F16\"; only F32 is supported");
  }
  SECTION("architecture that makes no sense") {
    const Bytes file = edit_header(good, [](auto& h) {
      h["__metadata__"]["architecture"] = R"({"input": 3, "layers": [{"type": "wormhole"}]})";
    });
    CHECK_THROWS_WITH(load_safetensors(file), Contains("layer 0: unknown layer type 'wormhole'"));
  }
}
