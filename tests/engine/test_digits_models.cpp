#include <catch2/catch.hpp>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

#include "glassbox/data/digits.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/metrics.hpp"

using namespace glassbox;

namespace {

const std::string models_dir = std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/";

nlohmann::json manifest() {
  const auto bytes = read_file(models_dir + "models.json");
  return nlohmann::json::parse(std::string(bytes.begin(), bytes.end()));
}

}  // namespace

// The digit page opens with the first model of models.json, the LeNet CNN. It
// reads 1,748 of the 1,797 UCI digits (97.27%; `glassbox eval-digits
// web/public/models/mnist-cnn.safetensors`, 2026-12-02; 97% is 1,744); a
// default that reads fewer fails here.
constexpr std::size_t default_model_uci_correct = 1748;

TEST_CASE("the digit page's default model reads the UCI handwritten digits", "[digits][models]") {
  const auto first = manifest().at("models").at(0);  // a copy of the entry
  Model model = load_model_file(models_dir + first.at("file").get<std::string>());
  const Evaluation result = evaluate(model, uci_digits_mnist());
  INFO(first.at("file").get<std::string>()
       << " reads " << 100.0 * result.accuracy() << "% (" << result.correct << "/1797)");
  CHECK(result.count == 1797);
  CHECK(result.correct >= default_model_uci_correct);
}

TEST_CASE("every UCI score quoted in models.json is the measured one", "[digits][models]") {
  const Dataset uci = uci_digits_mnist();
  const auto models = manifest();  // kept alive: the loop reads into it
  REQUIRE(models.at("models").size() >= 3);
  for (const auto& entry : models.at("models")) {
    Model model = load_model_file(models_dir + entry.at("file").get<std::string>());
    const Evaluation result = evaluate(model, uci);
    // "…; 97.83% of the 1,797 UCI handwritten digits."
    char quoted[64];
    std::snprintf(quoted, sizeof quoted, "%.2f%% of the 1,797 UCI", 100.0 * result.accuracy());
    INFO(entry.at("file").get<std::string>() << " measures " << quoted);
    CHECK(entry.at("description").get<std::string>().find(quoted) != std::string::npos);
  }
}
