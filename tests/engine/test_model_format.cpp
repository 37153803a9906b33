// Model-file format 2 (features last, explicit flatten) against format 1.
// tests/engine/fixtures/v1/ holds the three shipped models as saved by format
// 1, and predictions.txt their outputs on the first 100 MNIST test images,
// written (as %a, bit-exact) by the format-1 build at commit ad8c8ab.
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"

using namespace glassbox;

namespace {

const std::string fixtures = std::string(GLASSBOX_SOURCE_DIR) + "/tests/engine/fixtures/v1/";
const std::string shipped = std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/";

// "mnist-mlp.safetensors" → its 100 × 10 outputs from the format-1 build.
std::map<std::string, std::vector<float>> recorded_predictions() {
  std::ifstream in(fixtures + "predictions.txt");
  REQUIRE(in);
  std::map<std::string, std::vector<float>> all;
  std::string line, current;
  while (std::getline(in, line)) {
    if (line.rfind("model ", 0) == 0) {
      const std::string path = line.substr(6, line.find(' ', 6) - 6);
      current = path.substr(path.rfind('/') + 1);
      continue;
    }
    std::istringstream values(line);
    std::string word;
    while (values >> word) all[current].push_back(std::strtof(word.c_str(), nullptr));
  }
  return all;
}

std::vector<float> first_test_images(std::size_t count) {
  const Dataset test = load_mnist(find_mnist_dir(), MnistSplit::test);
  return {test.inputs.begin(), test.inputs.begin() + static_cast<std::ptrdiff_t>(count * 784)};
}

bool same_bits(const std::vector<float>& a, const std::vector<float>& b) {
  return a.size() == b.size() && std::memcmp(a.data(), b.data(), a.size() * sizeof(float)) == 0;
}

}  // namespace

TEST_CASE("format-1 model files load and predict bit for bit as the format-1 build did",
          "[mnist][format]") {
  const auto recorded = recorded_predictions();
  REQUIRE(recorded.size() == 3);
  const auto x = first_test_images(100);
  for (const auto& [name, expected] : recorded) {
    INFO(name);
    REQUIRE(expected.size() == 1000);
    Model v1 = load_model_file(fixtures + name);
    CHECK(same_bits(v1.predict(x, 100), expected));
    // One sample at a time gives the same numbers as the batch.
    const std::vector<float> first(x.begin(), x.begin() + 784);
    const auto one = v1.predict(first, 1);
    CHECK(std::memcmp(one.data(), expected.data(), 10 * sizeof(float)) == 0);
    // The shipped MLP files are format 2 now, converted from these: same
    // weights. (The shipped CNN was retrained since, with the rescan
    // augmentation; its fixture stays as a format-1 CNN.)
    if (name == "mnist-cnn.safetensors") continue;
    Model v2 = load_model_file(shipped + name);
    CHECK(same_bits(v2.predict(x, 100), expected));
    CHECK(v2.architecture().to_json() == v1.architecture().to_json());
  }
}

TEST_CASE("the shipped model files are format 2", "[format]") {
  for (const char* name :
       {"mnist-mlp.safetensors", "mnist-mlp-small.safetensors", "mnist-cnn.safetensors"}) {
    const auto bytes = read_file(shipped + name);
    std::uint64_t length = 0;
    std::memcpy(&length, bytes.data(), 8);
    const auto header = nlohmann::json::parse(
        std::string(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length)));
    CHECK(header["__metadata__"]["format_version"] == "2");
  }
}

TEST_CASE("a format-1 dense layer on an image gets an explicit flatten", "[format]") {
  // Format 2 needs the flatten; format 1 read the image flat without one.
  const Architecture v2 = Architecture::from_json(R"({"input": [2, 4, 4], "layers": [
      {"type": "conv2d", "filters": 3, "kernel": 3}, {"type": "relu"}, {"type": "flatten"},
      {"type": "dense", "units": 5}]})");
  // Without the flatten, format 2 maps the last axis of (3, 2, 2), as nn.Linear would.
  const Architecture per_row = Architecture::from_json(R"({"input": [2, 4, 4], "layers": [
      {"type": "conv2d", "filters": 3, "kernel": 3}, {"type": "relu"},
      {"type": "dense", "units": 5}]})");
  CHECK(per_row.output_shape() == Shape{3, 2, 5});
  Model model(v2, 3);
  for (float& p : model.parameters()) p += 0.01f;

  // Write it as format 1 would have: no flatten, the dense layer's tensors
  // named by its old index 2, format_version "1".
  auto bytes = save_safetensors(model);
  std::uint64_t length = 0;
  std::memcpy(&length, bytes.data(), 8);
  auto header = nlohmann::json::parse(
      std::string(bytes.begin() + 8, bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length)));
  const std::vector<std::uint8_t> data(bytes.begin() + 8 + static_cast<std::ptrdiff_t>(length),
                                       bytes.end());
  auto arch = nlohmann::json::parse(header["__metadata__"]["architecture"].get<std::string>());
  arch["layers"].erase(2);
  header["__metadata__"]["architecture"] = arch.dump();
  header["__metadata__"]["format_version"] = "1";
  header["layers.2.weight"] = header["layers.3.weight"];
  header["layers.2.bias"] = header["layers.3.bias"];
  header.erase("layers.3.weight");
  header.erase("layers.3.bias");
  std::string text = header.dump();
  std::vector<std::uint8_t> v1(8);
  const std::uint64_t v1_length = text.size();
  std::memcpy(v1.data(), &v1_length, 8);
  v1.insert(v1.end(), text.begin(), text.end());
  v1.insert(v1.end(), data.begin(), data.end());

  Model loaded = load_safetensors(v1);
  REQUIRE(loaded.layer_count() == 4);
  CHECK(loaded.layer(2).type() == "flatten");
  CHECK(loaded.architecture().to_json() == model.architecture().to_json());
  std::vector<float> x(32);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 7) / 7.0f;
  CHECK(loaded.predict(x, 1) == model.predict(x, 1));
}
