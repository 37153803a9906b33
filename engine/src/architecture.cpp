#include "glassbox/architecture.hpp"

#include <nlohmann/json.hpp>

#include "glassbox/error.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

std::string where(std::size_t index) {
  return "layer " + std::to_string(index) + ": ";
}

bool is_activation(const std::string& type) {
  return type == "relu" || type == "sigmoid";
}

std::size_t parse_size(const std::string& text, const std::string& what) {
  std::size_t value = 0;
  if (text.empty() || text.size() > 9) throw Error("bad " + what + " '" + text + "'");
  for (char c : text) {
    if (c < '0' || c > '9') throw Error("bad " + what + " '" + text + "': expected a whole number");
    value = value * 10 + static_cast<std::size_t>(c - '0');
  }
  return value;
}

}  // namespace

void Architecture::validate() const {
  require(input >= 1 && input <= max_input_size, "input size " + std::to_string(input) +
                                                     " is out of range 1.." +
                                                     std::to_string(max_input_size));
  require(!layers.empty(), "the architecture has no layers");
  require(layers.size() <= max_layers, "the architecture has " + std::to_string(layers.size()) +
                                           " layers; at most " + std::to_string(max_layers) +
                                           " are allowed");
  std::size_t size = input;
  std::size_t parameters = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    const LayerSpec& layer = layers[i];
    if (layer.type == "dense") {
      require(layer.units >= 1 && layer.units <= max_layer_units,
              where(i) + "dense units " + std::to_string(layer.units) + " out of range 1.." +
                  std::to_string(max_layer_units));
      require(layer.init == "he" || layer.init == "xavier",
              where(i) + "unknown init '" + layer.init + "'; use he or xavier");
      parameters += size * layer.units + layer.units;
      require(parameters <= max_parameters, where(i) + "the model would have over " +
                                                std::to_string(max_parameters) + " parameters");
      size = layer.units;
    } else if (!is_activation(layer.type)) {
      throw Error(where(i) + "unknown layer type '" + layer.type +
                  "'; known types: dense, relu, sigmoid");
    }
  }
  require(
      layers.back().type == "dense" || loss == LossKind::mse,
      "a softmax cross-entropy model must end with a dense layer (softmax is part of the loss)");
  require(loss == LossKind::mse || size >= 2,
          "softmax cross-entropy needs at least 2 outputs, the model has " + std::to_string(size));
}

std::size_t Architecture::output_size() const {
  std::size_t size = input;
  for (const auto& layer : layers)
    if (layer.type == "dense") size = layer.units;
  return size;
}

std::string Architecture::to_json() const {
  json layer_list = json::array();
  for (const auto& layer : layers) {
    json item = {{"type", layer.type}};
    if (layer.type == "dense") {
      item["units"] = layer.units;
      item["init"] = layer.init;
    }
    layer_list.push_back(item);
  }
  return json{{"input", input}, {"loss", loss_name(loss)}, {"layers", layer_list}}.dump();
}

Architecture Architecture::from_json(const std::string& text) {
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception& e) {
    throw Error(std::string("architecture is not valid JSON: ") + e.what());
  }
  require(root.is_object(), "architecture must be a JSON object");
  Architecture arch;
  try {
    require(root.contains("input") && root["input"].is_number_unsigned(),
            "architecture needs \"input\": a positive whole number");
    arch.input = root["input"].get<std::size_t>();
    if (root.contains("loss")) arch.loss = parse_loss(root["loss"].get<std::string>());
    require(root.contains("layers") && root["layers"].is_array(),
            "architecture needs \"layers\": a list");
    std::size_t index = 0;
    for (const auto& item : root["layers"]) {
      require(item.is_object() && item.contains("type") && item["type"].is_string(),
              where(index) + "each layer needs a \"type\" string");
      LayerSpec spec;
      spec.type = item["type"].get<std::string>();
      if (spec.type == "dense") {
        require(item.contains("units") && item["units"].is_number_unsigned(),
                where(index) + "dense needs \"units\": a positive whole number");
        spec.units = item["units"].get<std::size_t>();
        spec.init = item.value("init", std::string("he"));
      }
      arch.layers.push_back(spec);
      ++index;
    }
  } catch (const json::exception& e) {
    throw Error(std::string("architecture has a field of the wrong type: ") + e.what());
  }
  arch.validate();
  return arch;
}

Architecture Architecture::from_sizes(const std::string& sizes, const std::string& activation,
                                      LossKind loss) {
  require(is_activation(activation),
          "unknown activation '" + activation + "'; use relu or sigmoid");
  std::vector<std::size_t> numbers;
  std::size_t start = 0;
  while (true) {
    const std::size_t dash = sizes.find('-', start);
    numbers.push_back(
        parse_size(sizes.substr(start, dash - start), "layer size in '" + sizes + "'"));
    if (dash == std::string::npos) break;
    start = dash + 1;
  }
  require(numbers.size() >= 2, "architecture '" + sizes +
                                   "' needs at least an input and an output size, like 784-128-10");
  Architecture arch;
  arch.input = numbers[0];
  arch.loss = loss;
  const std::string init = activation == "relu" ? "he" : "xavier";
  for (std::size_t i = 1; i < numbers.size(); ++i) {
    arch.layers.push_back({"dense", numbers[i], init});
    const bool last = i + 1 == numbers.size();
    // MSE models squash their outputs too, so a 2-4-1 XOR net outputs in (0, 1).
    if (!last || loss == LossKind::mse) arch.layers.push_back({activation, 0, ""});
  }
  arch.validate();
  return arch;
}

}  // namespace glassbox
