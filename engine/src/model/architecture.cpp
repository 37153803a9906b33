#include "glassbox/model/architecture.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/layers/init.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {
namespace {

using nlohmann::json;

std::string where(std::size_t index) {
  return "layer " + std::to_string(index) + ": ";
}

std::string nested(const std::string& at, std::size_t index) {
  return at.substr(0, at.size() - 2) + "." + std::to_string(index) + ": ";
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

// JSON → LayerSpec through the type's field list: each key must be a field
// of that type, of the field's kind. Ranges are checked by checked_spec.
LayerSpec spec_from_json(const json& item, const std::string& at, std::size_t depth) {
  require(item.is_object() && item.contains("type") && item["type"].is_string(),
          at + "each layer needs a \"type\" string");
  LayerSpec spec{item["type"].get<std::string>()};
  const LayerType* type = nullptr;
  try {
    type = &layer_type(spec.type);
  } catch (const Error& e) {
    throw Error(at + e.what());
  }
  for (const auto& [key, value] : item.items()) {
    if (key == "type") continue;
    const FieldInfo* field = nullptr;
    for (const auto& f : type->fields)
      if (f.name == key) field = &f;
    if (!field) {
      throw Error(at + spec.type + " has no field \"" + key +
                  "\"; its fields: " + field_names(*type));
    }
    const std::string name = at + spec.type + " \"" + key + "\" ";
    switch (field->kind) {
      case FieldKind::count:
      case FieldKind::number:
        require(value.is_number(), name + "must be a number, got " + value.dump());
        spec.fields[key] = value.get<double>();
        break;
      case FieldKind::flag:
        require(value.is_boolean(), name + "must be true or false, got " + value.dump());
        spec.fields[key] = value.get<bool>() ? 1.0 : 0.0;
        break;
      case FieldKind::text:
        require(value.is_string(), name + "must be a name, got " + value.dump());
        spec.fields[key] = value.get<std::string>();
        break;
      case FieldKind::layers: {
        require(value.is_array(), name + "must be a list of layers");
        require(depth + 1 < max_layer_nesting, at + spec.type + " blocks are nested more than " +
                                                   std::to_string(max_layer_nesting) + " deep");
        std::size_t index = 0;
        for (const auto& inner : value)
          spec.layers.push_back(spec_from_json(inner, nested(at, index++), depth + 1));
        break;
      }
    }
  }
  return checked_spec(spec, at, depth);
}

json spec_to_json(const LayerSpec& spec) {
  json item = {{"type", spec.type}};
  const LayerType& type = layer_type(spec.type);
  for (const auto& field : type.fields) {
    if (field.kind == FieldKind::layers) {
      item[field.name] = json::array();
      for (const auto& inner : spec.layers) item[field.name].push_back(spec_to_json(inner));
      continue;
    }
    const auto it = spec.fields.find(field.name);
    if (it == spec.fields.end()) continue;
    if (const auto* text = std::get_if<std::string>(&it->second)) {
      item[field.name] = *text;
    } else {
      const double v = std::get<double>(it->second);
      if (field.kind == FieldKind::count) {
        item[field.name] = static_cast<std::uint64_t>(v);
      } else if (field.kind == FieldKind::flag) {
        item[field.name] = v != 0.0;
      } else {
        item[field.name] = static_cast<float>(v);
      }
    }
  }
  return item;
}

// Format 1: a dense layer after a multi-axis shape read it flat. Returns the
// list with explicit flattens (top level only; bodies of composite layers
// that would need one are refused).
std::vector<LayerSpec> upgrade_v1(const Shape& input, const std::vector<LayerSpec>& layers,
                                  std::vector<std::size_t>* inserted) {
  std::vector<LayerSpec> result;
  Shape shape = input;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    if (layers[i].type == "dense" && shape.size() > 1) {
      if (inserted) inserted->push_back(result.size());
      result.push_back(LayerSpec{"flatten"});
      shape = {element_count(shape)};
    }
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(layers[i], shape);
    } catch (const Error& e) {
      throw Error(where(i) + e.what());
    }
    shape = layer->output_shape();
    result.push_back(layers[i]);
  }
  return result;
}

}  // namespace

void check_json_depth(const std::string& text, std::size_t limit, const std::string& what) {
  std::size_t depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) {
        escaped = false;
      } else if (c == '\\') {
        escaped = true;
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) {
        throw Error(what + " nests lists or objects more than " + std::to_string(limit) + " deep");
      }
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
}

void check_json_text(const std::string& text, const std::string& what) {
  require(text.size() <= max_json_bytes, what + " is " + std::to_string(text.size()) +
                                             " bytes of JSON; the limit is " +
                                             std::to_string(max_json_bytes));
  check_json_depth(text, max_json_depth, what);
}

namespace {
struct Walk {
  std::vector<Shape> shapes;  // per-sample shape after each layer
  std::size_t parameters = 0;
};
}  // namespace

// Builds each layer once (no weights initialized) to get its output shape and
// parameter count, validating on the way.
static Walk walk_layers(const Architecture& arch) {
  const auto& input = arch.input;
  const auto& layers = arch.layers;
  const auto vocabulary = arch.vocabulary;
  require(!input.empty() && input.size() <= 3, "input " + shape_to_string(input) +
                                                   " must be a feature count, [time, features] "
                                                   "or [channels, height, width]");
  // The product in 64 bits, capped, so a hostile shape fails the same way in
  // 32-bit wasm as natively instead of overflowing size_t first.
  constexpr std::uint64_t cap = std::uint64_t{1} << 40;
  std::uint64_t count = 1;
  for (std::size_t d : input) count = (d != 0 && count > cap / d) ? cap : count * d;
  require(count >= 1 && count <= max_input_size, "input " + shape_to_string(input) +
                                                     " must hold 1.." +
                                                     std::to_string(max_input_size) + " values");
  require(vocabulary <= max_vocabulary, "vocabulary " + std::to_string(vocabulary) + " is over " +
                                            std::to_string(max_vocabulary));
  require(vocabulary == 0 || input.size() == 1,
          "token inputs (a vocabulary) need a one-axis input: the sequence length [T]");
  require(!layers.empty(), "the architecture has no layers");
  require(layers.size() <= max_layers, "the architecture has " + std::to_string(layers.size()) +
                                           " layers; at most " + std::to_string(max_layers) +
                                           " are allowed");
  Walk result;
  Shape shape = input;
  std::size_t& parameters = result.parameters;
  for (std::size_t i = 0; i < layers.size(); ++i) {
    std::unique_ptr<Layer> layer;
    try {
      layer = make_layer(checked_spec(layers[i], where(i)), shape);
    } catch (const Error& e) {
      const std::string message = e.what();
      throw Error(message.rfind("layer ", 0) == 0 ? message : where(i) + message);
    }
    parameters += layer->parameter_count();
    require(parameters <= max_parameters, where(i) + "the model would have over " +
                                              std::to_string(max_parameters) + " parameters");
    shape = layer->output_shape();
    require(element_count(shape) <= max_input_size * 4,
            where(i) + "its output " + shape_to_string(shape) + " is too large");
    result.shapes.push_back(shape);
  }
  return result;
}

std::vector<Shape> Architecture::shapes() const {
  return walk_layers(*this).shapes;
}

std::size_t Architecture::parameter_count() const {
  return walk_layers(*this).parameters;
}

void Architecture::validate() const {
  const std::vector<Shape> all = shapes();
  const bool cross_entropy =
      loss == LossKind::softmax_cross_entropy || loss == LossKind::binary_cross_entropy;
  if (cross_entropy) {
    const auto last = make_layer(checked_spec(layers.back(), where(layers.size() - 1)),
                                 layers.size() > 1 ? all[all.size() - 2] : input);
    require(last->parameter_count() > 0,
            "a cross-entropy model must end with a layer that has weights (such as dense): the "
            "loss applies softmax or sigmoid to its outputs");
  }
  require(loss != LossKind::softmax_cross_entropy || last_dim(all.back()) >= 2,
          "softmax cross-entropy needs at least 2 outputs, the model has " +
              std::to_string(last_dim(all.back())));
}

Shape Architecture::output_shape() const {
  return shapes().back();
}

std::size_t Architecture::output_size() const {
  return element_count(output_shape());
}

std::string Architecture::to_json() const {
  json layer_list = json::array();
  for (const auto& layer : layers) layer_list.push_back(spec_to_json(layer));
  const json input_json = input.size() == 1 ? json(input[0]) : json(input);
  json root = {{"input", input_json}, {"loss", loss_name(loss)}, {"layers", layer_list}};
  if (vocabulary > 0) root["vocabulary"] = vocabulary;
  return root.dump();
}

Architecture Architecture::from_json(const std::string& text, int format_version,
                                     std::vector<std::size_t>* inserted) {
  check_json_text(text, "the architecture");
  json root;
  try {
    root = json::parse(text);
  } catch (const json::exception&) {
    throw Error("architecture is not valid JSON");
  }
  require(root.is_object(), "architecture must be a JSON object");
  for (const auto& [key, value] : root.items()) {
    require(
        key == "input" || key == "loss" || key == "layers" || key == "vocabulary",
        "architecture has no field \"" + key + "\"; its fields: input, loss, layers, vocabulary");
  }
  Architecture arch;
  require(root.contains("input"),
          "architecture needs \"input\": a feature count like 784 "
          "or a shape like [1, 28, 28]");
  const json& input = root["input"];
  const auto dimension = [](const json& d) {
    require(d.is_number_unsigned() && d.get<std::uint64_t>() >= 1,
            "\"input\" must hold positive whole numbers, got " + d.dump());
    // Checked in 64 bits: 2^32 + 3 must not become 3 in a 32-bit size_t.
    require(
        d.get<std::uint64_t>() <= max_input_size,
        "\"input\" sizes must be at most " + std::to_string(max_input_size) + ", got " + d.dump());
    return d.get<std::size_t>();
  };
  if (input.is_array()) {
    require(!input.empty() && input.size() <= 3, "\"input\" must have 1 to 3 axes");
    for (const auto& d : input) arch.input.push_back(dimension(d));
  } else {
    arch.input = {dimension(input)};
  }
  if (root.contains("loss")) {
    require(root["loss"].is_string(), "\"loss\" must be a name");
    arch.loss = parse_loss(root["loss"].get<std::string>());
  }
  if (root.contains("vocabulary")) {
    require(root["vocabulary"].is_number_unsigned(), "\"vocabulary\" must be a whole number");
    require(
        root["vocabulary"].get<std::uint64_t>() <= max_vocabulary,
        "vocabulary " + root["vocabulary"].dump() + " is over " + std::to_string(max_vocabulary));
    arch.vocabulary = root["vocabulary"].get<std::size_t>();
    require(arch.vocabulary >= 1, "\"vocabulary\" must be at least 1");
  }
  require(root.contains("layers") && root["layers"].is_array(),
          "architecture needs \"layers\": a list");
  require(root["layers"].size() <= max_layers,
          "the architecture has " + std::to_string(root["layers"].size()) + " layers; at most " +
              std::to_string(max_layers) + " are allowed");
  std::size_t index = 0;
  for (const auto& item : root["layers"])
    arch.layers.push_back(spec_from_json(item, where(index++), 0));
  if (format_version == 1) arch.layers = upgrade_v1(arch.input, arch.layers, inserted);
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
    const std::string at = where(arch.layers.size());
    arch.layers.push_back(checked_spec(
        {"dense", {{"units", static_cast<double>(numbers[i])}, {"init", layer_init}}}, at));
    if (!last || squash_output) {
      arch.layers.push_back(
          checked_spec({activation_name(parse_activation(act))}, where(arch.layers.size())));
    }
    if (!last && dropout > 0.0f) {
      arch.layers.push_back(checked_spec({"dropout", {{"rate", static_cast<double>(dropout)}}},
                                         where(arch.layers.size())));
    }
  }
  arch.validate();
  return arch;
}

}  // namespace glassbox
