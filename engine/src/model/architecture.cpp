#include "glassbox/model/architecture.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/layer_factory.hpp"
#include "glassbox/layers/layers.hpp"

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

namespace {

// Field ranges of one layer description (shapes are checked by building it).
void check_spec(const LayerSpec& layer, const std::string& at) {
  static const char* structural[] = {"dense",   "dropout",   "conv2d",    "maxpool2d", "avgpool2d",
                                     "flatten", "batchnorm", "layernorm", "residual"};
  const bool known = std::find_if(std::begin(structural), std::end(structural), [&](const char* t) {
                       return layer.type == t;
                     }) != std::end(structural);
  if (!known && !is_activation(layer.type)) {
    throw Error(at + "unknown layer type '" + layer.type +
                "'; known types: dense, conv2d, maxpool2d, avgpool2d, flatten, dropout, "
                "batchnorm, layernorm, residual, and the activations (relu, sigmoid, tanh, "
                "leaky_relu, elu, gelu, gelu_erf, swish, softplus, softmax, linear)");
  }
  if (layer.type == "dense") {
    require(layer.units >= 1 && layer.units <= max_layer_units,
            at + "dense units " + std::to_string(layer.units) + " out of range 1.." +
                std::to_string(max_layer_units));
  }
  if (layer.type == "dense" || layer.type == "conv2d") {
    try {
      parse_init(layer.init);
    } catch (const Error& e) {
      throw Error(at + e.what());
    }
  }
  if (layer.type == "dropout") {
    require(std::isfinite(layer.rate) && layer.rate >= 0.0f && layer.rate < 1.0f,
            at + "dropout rate " + std::to_string(layer.rate) + " is outside [0, 1)");
  }
  if (is_activation(layer.type)) {
    require(std::isfinite(layer.alpha) && layer.alpha >= 0.0f && layer.alpha <= 10.0f,
            at + "alpha " + std::to_string(layer.alpha) + " is outside [0, 10]");
  }
  if (layer.type == "residual") {
    require(!layer.layers.empty(), at + "a residual block needs a non-empty \"layers\" list");
    for (std::size_t i = 0; i < layer.layers.size(); ++i)
      check_spec(layer.layers[i], at.substr(0, at.size() - 2) + "." + std::to_string(i) + ": ");
  }
}

}  // namespace

std::vector<Shape> Architecture::shapes() const {
  require(
      !input.empty() && input.size() <= 3 && input_size() >= 1 && input_size() <= max_input_size,
      "input " + shape_to_string(input) +
          " must be a feature count or [channels, height, "
          "width], with 1.." +
          std::to_string(max_input_size) + " values");
  require(!layers.empty(), "the architecture has no layers");
  require(layers.size() <= max_layers, "the architecture has " + std::to_string(layers.size()) +
                                           " layers; at most " + std::to_string(max_layers) +
                                           " are allowed");
  std::vector<Shape> result;
  Shape shape = input;
  std::size_t parameters = 0;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    check_spec(layers[i], where(i));
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(layers[i], shape);
    } catch (const Error& e) {
      throw Error(where(i) + e.what());
    }
    parameters += layer->parameter_count();
    require(parameters <= max_parameters, where(i) + "the model would have over " +
                                              std::to_string(max_parameters) + " parameters");
    shape = layer->output_shape();
    require(element_count(shape) <= max_input_size * 4,
            where(i) + "its output " + shape_to_string(shape) + " is too large");
    result.push_back(shape);
  }
  return result;
}

void Architecture::validate() const {
  const std::vector<Shape> all = shapes();
  const bool cross_entropy =
      loss == LossKind::softmax_cross_entropy || loss == LossKind::binary_cross_entropy;
  require(!cross_entropy || layers.back().type == "dense",
          "a cross-entropy model must end with a dense layer: the loss applies softmax or sigmoid "
          "to its outputs");
  require(loss != LossKind::softmax_cross_entropy || element_count(all.back()) >= 2,
          "softmax cross-entropy needs at least 2 outputs, the model has " +
              std::to_string(element_count(all.back())));
}

std::size_t Architecture::output_size() const {
  return element_count(shapes().back());
}

namespace {

json spec_to_json(const LayerSpec& layer) {
  json item = {{"type", layer.type}};
  if (layer.type == "dense") {
    item["units"] = layer.units;
    item["init"] = layer.init;
  } else if (layer.type == "conv2d") {
    item["filters"] = layer.filters;
    item["kernel"] = layer.kernel;
    item["stride"] = layer.stride;
    item["padding"] = layer.padding;
    item["init"] = layer.init;
  } else if (layer.type == "maxpool2d" || layer.type == "avgpool2d") {
    item["size"] = layer.size;
  } else if (layer.type == "dropout") {
    item["rate"] = layer.rate;
  } else if (has_alpha(layer.type)) {
    item["alpha"] = layer.alpha;
  } else if (layer.type == "residual") {
    item["layers"] = json::array();
    for (const auto& inner : layer.layers) item["layers"].push_back(spec_to_json(inner));
  }
  return item;
}

std::size_t count_field(const json& item, const char* field, std::size_t fallback,
                        const std::string& at) {
  if (!item.contains(field)) return fallback;
  require(item[field].is_number_unsigned(),
          at + "\"" + field + "\" must be a whole number, got " + item[field].dump());
  return item[field].get<std::size_t>();
}

LayerSpec spec_from_json(const json& item, const std::string& at) {
  require(item.is_object() && item.contains("type") && item["type"].is_string(),
          at + "each layer needs a \"type\" string");
  LayerSpec spec;
  spec.type = item["type"].get<std::string>();
  if (spec.type == "dense") {
    require(item.contains("units"), at + "dense needs \"units\": a positive whole number");
    spec.units = count_field(item, "units", 0, at);
  }
  if (spec.type == "conv2d") {
    require(item.contains("filters") && item.contains("kernel"),
            at + "conv2d needs \"filters\" and \"kernel\"");
    spec.filters = count_field(item, "filters", 0, at);
    spec.kernel = count_field(item, "kernel", 0, at);
    spec.stride = count_field(item, "stride", 1, at);
    spec.padding = count_field(item, "padding", 0, at);
  }
  if (spec.type == "dense" || spec.type == "conv2d") {
    const std::string init = item.value("init", std::string("he_normal"));
    try {
      spec.init = init_name(parse_init(init));  // canonical name
    } catch (const Error& e) {
      throw Error(at + e.what());
    }
  }
  if (spec.type == "maxpool2d" || spec.type == "avgpool2d")
    spec.size = count_field(item, "size", 2, at);
  if (spec.type == "dropout") {
    require(item.contains("rate") && item["rate"].is_number(),
            at + "dropout needs \"rate\": a number in [0, 1)");
    spec.rate = item["rate"].get<float>();
  }
  if (has_alpha(spec.type)) {
    spec.alpha = item.value("alpha", default_alpha(parse_activation(spec.type)));
  }
  if (spec.type == "residual") {
    require(item.contains("layers") && item["layers"].is_array(),
            at + "residual needs \"layers\": the list of layers in its body");
    std::size_t index = 0;
    for (const auto& inner : item["layers"])
      spec.layers.push_back(spec_from_json(
          inner, at.substr(0, at.size() - 2) + "." + std::to_string(index++) + ": "));
  }
  return spec;
}

}  // namespace

std::string Architecture::to_json() const {
  json layer_list = json::array();
  for (const auto& layer : layers) layer_list.push_back(spec_to_json(layer));
  const json input_json = input.size() == 1 ? json(input[0]) : json(input);
  return json{{"input", input_json}, {"loss", loss_name(loss)}, {"layers", layer_list}}.dump();
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
    require(root.contains("input"),
            "architecture needs \"input\": a feature count like 784 "
            "or an image shape like [1, 28, 28]");
    if (root["input"].is_number_unsigned()) {
      arch.input = {root["input"].get<std::size_t>()};
    } else {
      require(root["input"].is_array(), "\"input\" must be a whole number or a list of them");
      for (const auto& d : root["input"]) {
        require(d.is_number_unsigned(), "\"input\" must hold whole numbers");
        arch.input.push_back(d.get<std::size_t>());
      }
    }
    if (root.contains("loss")) arch.loss = parse_loss(root["loss"].get<std::string>());
    require(root.contains("layers") && root["layers"].is_array(),
            "architecture needs \"layers\": a list");
    std::size_t index = 0;
    for (const auto& item : root["layers"])
      arch.layers.push_back(spec_from_json(item, where(index++)));
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
  arch.input = {numbers[0]};
  arch.loss = loss;
  const bool squash_output = loss == LossKind::mse || loss == LossKind::huber;
  for (std::size_t i = 1; i < numbers.size(); ++i) {
    const bool last = i + 1 == numbers.size();
    const std::string& act = activations[activations.size() == 1 ? 0 : std::min(i - 1, hidden - 1)];
    const bool relu_family = act == "relu" || act == "leaky_relu" || act == "elu" ||
                             act == "gelu" || act == "gelu_erf" || act == "swish";
    const std::string layer_init =
        init.empty() ? (relu_family ? "he_normal" : "xavier_uniform") : init_name(parse_init(init));
    arch.layers.push_back({.type = "dense", .units = numbers[i], .init = layer_init});
    if (!last || squash_output) {
      arch.layers.push_back({.type = act, .alpha = default_alpha(parse_activation(act))});
    }
    if (!last && dropout > 0.0f) arch.layers.push_back({.type = "dropout", .rate = dropout});
  }
  arch.validate();
  return arch;
}

}  // namespace glassbox
