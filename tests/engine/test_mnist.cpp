// MNIST-sized tests (tag [mnist]; run as their own ctest group).
#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

TEST_CASE("one epoch of MNIST training reaches at least 95% test accuracy", "[mnist]") {
  const std::string dir = find_mnist_dir();
  const Dataset train = load_mnist(dir, MnistSplit::train);
  const Dataset test = load_mnist(dir, MnistSplit::test);
  Model model(Architecture::from_sizes("784-128-64-10", "relu", LossKind::softmax_cross_entropy),
              1);
  Adam adam(1e-3f);
  Trainer trainer(model, adam, train, {.batch_size = 64, .shuffle_seed = 2});
  const StepStats stats = trainer.finish_epoch();
  CHECK(stats.samples == 60000);
  const Evaluation result = evaluate(model, test);
  INFO("test accuracy " << 100.0 * result.accuracy() << "%");
  CHECK(result.accuracy() >= 0.95);
}

TEST_CASE("the shipped model scores at least 98.0% on the 10,000 test images", "[mnist]") {
  const std::string path =
      std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/mnist-mlp.safetensors";
  Model model = load_model_file(path);
  CHECK(
      model.architecture().to_json() ==
      Architecture::from_sizes("784-128-64-10", "relu", LossKind::softmax_cross_entropy).to_json());
  const Evaluation result = evaluate(model, load_mnist(find_mnist_dir(), MnistSplit::test));
  INFO("shipped model test accuracy " << 100.0 * result.accuracy() << "%");
  CHECK(result.count == 10000);
  CHECK(result.accuracy() >= 0.98);
}

TEST_CASE("every model listed in models.json loads and scores what it claims", "[mnist]") {
  const std::string dir = std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/";
  const auto manifest = nlohmann::json::parse(read_file(dir + "models.json"));
  const Dataset test = load_mnist(find_mnist_dir(), MnistSplit::test);
  for (const auto& entry : manifest.at("models")) {
    Model model = load_model_file(dir + entry.at("file").get<std::string>());
    const Evaluation result = evaluate(model, test);
    // The description quotes the accuracy to two decimals; it must be the measured one.
    char quoted[32];
    std::snprintf(quoted, sizeof quoted, "%.2f%%", 100.0 * result.accuracy());
    INFO(entry.at("file").get<std::string>() << " measures " << quoted);
    CHECK(entry.at("description").get<std::string>().find(quoted) != std::string::npos);
  }
}

// 99.12% measured (2026-12-02): the 2 epochs with flagged 1s that lifted the
// UCI digits from 96.22% to 97.27% cost 0.16 points of MNIST (it was 99.28%).
TEST_CASE("the shipped CNN scores at least 99.1% with fewer parameters than the MLP", "[mnist]") {
  const std::string dir = std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/";
  Model cnn = load_model_file(dir + "mnist-cnn.safetensors");
  const Model mlp = load_model_file(dir + "mnist-mlp.safetensors");
  CHECK(cnn.architecture().input == Shape{1, 28, 28});
  CHECK(cnn.parameters().size() < mlp.parameters().size());
  const Evaluation result = evaluate(cnn, load_mnist(find_mnist_dir(), MnistSplit::test));
  INFO("shipped CNN test accuracy " << 100.0 * result.accuracy() << "%");
  CHECK(result.accuracy() >= 0.991);
}
