#include "glassbox/architecture.hpp"

#include <cmath>
#include <nlohmann/json.hpp>

#include "glassbox/activations.hpp"
#include "glassbox/error.hpp"
#include "glassbox/layers.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

std::string where(std::size_t index) {
  return "layer " + std::to_string(index) + ": ";
}

bool is_activation(const std::string& type) {
  try {
    parse_activation(type);
    return true;
  } catch (const Error&) {
    return false;
  }
}

bool has_alpha(const std::string& type) {
  return type == "leaky_relu" || type == "elu";
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

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end - start));
    if (end == std::string::npos) return parts;
    start = end + 1;
  }
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
      try {
        parse_init(layer.init);
      } catch (const Error& e) {
        throw Error(where(i) + e.what());
      }
      parameters += size * layer.units + layer.units;
      require(parameters <= max_parameters, where(i) + "the model would have over " +
                                                std::to_string(max_parameters) + " parameters");
      size = layer.units;
    } else if (layer.type == "dropout") {
      require(std::isfinite(layer.rate) && layer.rate >= 0.0f && layer.rate < 1.0f,
              where(i) + "dropout rate " + std::to_string(layer.rate) + " is outside [0, 1)");
    } else if (is_activation(layer.type)) {
      require(std::isfinite(layer.alpha) && layer.alpha >= 0.0f && layer.alpha <= 10.0f,
              where(i) + "alpha " + std::to_string(layer.alpha) + " is outside [0, 10]");
    } else {
      throw Error(where(i) + "unknown layer type '" + layer.type +
                  "'; known types: dense, dropout, and the activations (relu, sigmoid, tanh, "
                  "leaky_relu, elu, gelu, gelu_erf, swish, softplus, softmax, linear)");
    }
  }
  const bool cross_entropy =
      loss == LossKind::softmax_cross_entropy || loss == LossKind::binary_cross_entropy;
  require(!cross_entropy || layers.back().type == "dense",
          "a cross-entropy model must end with a dense layer: the loss applies softmax or sigmoid "
          "to its outputs");
  require(loss != LossKind::softmax_cross_entropy || size >= 2,
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
    } else if (layer.type == "dropout") {
      item["rate"] = layer.rate;
    } else if (has_alpha(layer.type)) {
      item["alpha"] = layer.alpha;
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
        const std::string init = item.value("init", std::string("he_normal"));
        try {
          spec.init = init_name(parse_init(init));  // canonical name
        } catch (const Error& e) {
          throw Error(where(index) + e.what());
        }
      } else if (spec.type == "dropout") {
        require(item.contains("rate") && item["rate"].is_number(),
                where(index) + "dropout needs \"rate\": a number in [0, 1)");
        spec.rate = item["rate"].get<float>();
      } else if (has_alpha(spec.type)) {
        spec.alpha = item.value("alpha", default_alpha(parse_activation(spec.type)));
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
                                      LossKind loss, float dropout, const std::string& init) {
  std::vector<std::size_t> numbers;
  for (const auto& part : split(sizes, '-'))
    numbers.push_back(parse_size(part, "layer size in '" + sizes + "'"));
  require(numbers.size() >= 2, "architecture '" + sizes +
                                   "' needs at least an input and an output size, like 784-128-10");
  std::vector<std::string> activations = split(activation, ',');
  const std::size_t hidden = numbers.size() - 2;
  require(activations.size() == 1 || activations.size() == hidden,
          "give one activation, or one per hidden layer (" + std::to_string(hidden) + "), not " +
              std::to_string(activations.size()));
  for (const auto& name : activations) parse_activation(name);  // throws on unknown names
  require(std::isfinite(dropout) && dropout >= 0.0f && dropout < 1.0f,
          "dropout must be in [0, 1), got " + std::to_string(dropout));
  if (!init.empty()) parse_init(init);

  Architecture arch;
  arch.input = numbers[0];
  arch.loss = loss;
  const bool squash_output = loss == LossKind::mse || loss == LossKind::huber;
  for (std::size_t i = 1; i < numbers.size(); ++i) {
    const bool last = i + 1 == numbers.size();
    const std::string& act = activations[activations.size() == 1 ? 0 : std::min(i - 1, hidden - 1)];
    const bool relu_family = act == "relu" || act == "leaky_relu" || act == "elu" ||
                             act == "gelu" || act == "gelu_erf" || act == "swish";
    const std::string layer_init =
        init.empty() ? (relu_family ? "he_normal" : "xavier_uniform") : init_name(parse_init(init));
    arch.layers.push_back({"dense", numbers[i], layer_init, 0.0f, 0.0f});
    if (!last || squash_output) {
      arch.layers.push_back({act, 0, "", default_alpha(parse_activation(act)), 0.0f});
    }
    if (!last && dropout > 0.0f) arch.layers.push_back({"dropout", 0, "", 0.0f, dropout});
  }
  arch.validate();
  return arch;
}

}  // namespace glassbox
