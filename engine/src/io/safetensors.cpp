#include "glassbox/io/safetensors.hpp"

#include <algorithm>
#include <bit>
#include <cstring>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian floats; this build assumes a little-endian host");

using nlohmann::json;

struct TensorSlot {
  std::string name;
  Shape shape;
  bool is_state;       // in Model::state() rather than Model::parameters()
  std::size_t offset;  // into that buffer, in floats
};

// Every tensor of the model, parameters then state per layer, in buffer order.
std::vector<TensorSlot> tensor_slots(const Model& model) {
  std::vector<TensorSlot> slots;
  for (auto& t : model.named_tensors()) slots.push_back({t.name, t.shape, t.is_state, t.offset});
  return slots;
}

// A v1 file names tensors by the layer index before flattens were inserted.
std::string name_in_file(const std::string& name, const std::vector<std::size_t>& inserted) {
  if (inserted.empty()) return name;
  const std::size_t dot = name.find('.', 7);  // "layers.<i>.<rest>"
  const std::size_t index = std::stoul(name.substr(7, dot - 7));
  std::size_t before = 0;
  for (std::size_t at : inserted) before += at < index ? 1 : 0;
  return "layers." + std::to_string(index - before) + name.substr(dot);
}

float* slot_data(Model& model, const TensorSlot& slot) {
  return (slot.is_state ? model.state().data() : model.parameters().data()) + slot.offset;
}

const float* slot_data(const Model& model, const TensorSlot& slot) {
  return (slot.is_state ? model.state().data() : model.parameters().data()) + slot.offset;
}

}  // namespace

std::vector<std::uint8_t> save_safetensors(const Model& model) {
  json header;
  header["__metadata__"] = {{"format", "glassbox"},
                            {"format_version", std::to_string(model_format_version)},
                            {"architecture", model.architecture().to_json()}};
  std::size_t data_bytes = 0;
  const auto slots = tensor_slots(model);
  for (const auto& slot : slots) {
    const std::size_t bytes = element_count(slot.shape) * sizeof(float);
    header[slot.name] = {{"dtype", "F32"},
                         {"shape", slot.shape},
                         {"data_offsets", {data_bytes, data_bytes + bytes}}};
    data_bytes += bytes;
  }
  std::string text = header.dump();
  text.append((8 - text.size() % 8) % 8, ' ');  // keep the data 8-byte aligned

  std::vector<std::uint8_t> file(8 + text.size() + data_bytes);
  const std::uint64_t length = text.size();
  std::memcpy(file.data(), &length, 8);
  std::memcpy(file.data() + 8, text.data(), text.size());
  std::uint8_t* data = file.data() + 8 + text.size();
  for (const auto& slot : slots) {
    const std::size_t bytes = element_count(slot.shape) * sizeof(float);
    std::memcpy(data, slot_data(model, slot), bytes);
    data += bytes;
  }
  return file;
}

namespace {

// The tensors an architecture needs, named and shaped as in a model file,
// listed by building its layers without their parameter buffers.
std::vector<std::pair<std::string, Shape>> expected_tensors(const Architecture& architecture) {
  std::vector<std::pair<std::string, Shape>> all;
  Shape shape = architecture.input;
  for (std::size_t i = 0; i < architecture.layers.size(); ++i) {
    const auto layer = make_layer(
        checked_spec(architecture.layers[i], "layer " + std::to_string(i) + ": "), shape);
    const std::string prefix = "layers." + std::to_string(i) + ".";
    for (const auto& p : layer->parameters()) all.emplace_back(prefix + p.name, p.shape);
    for (const auto& p : layer->state()) all.emplace_back(prefix + p.name, p.shape);
    shape = layer->output_shape();
  }
  return all;
}

std::string short_text(const json& value) {
  std::string text = value.dump();
  return text.size() > 60 ? text.substr(0, 57) + "..." : text;
}

// A JSON list of whole numbers ≥ 0, or throws naming the tensor and field.
std::vector<std::uint64_t> whole_numbers(const json& entry, const std::string& tensor,
                                         const char* field) {
  const std::string at = "tensor '" + tensor + "' field \"" + field + "\" ";
  require(entry.contains(field), at + "is missing");
  const json& list = entry[field];
  require(list.is_array() && list.size() <= 8,
          at + "must be a list of whole numbers, got " + short_text(list));
  std::vector<std::uint64_t> values;
  for (const auto& v : list) {
    require(v.is_number_unsigned(),
            at + "must hold whole numbers of 0 or more, got " + short_text(list));
    values.push_back(v.get<std::uint64_t>());
  }
  return values;
}

struct Entry {
  std::uint64_t begin, end;
  std::string name;
};

}  // namespace

Model load_safetensors(std::span<const std::uint8_t> bytes) {
  require(bytes.size() >= 8, "not a safetensors model file: it is only " +
                                 std::to_string(bytes.size()) +
                                 " bytes long (the header length alone takes 8)");
  std::uint64_t header_length = 0;
  std::memcpy(&header_length, bytes.data(), 8);
  require(header_length <= max_json_bytes,
          "not a safetensors model file: its first 8 bytes claim a " +
              std::to_string(header_length) + "-byte header; the limit is " +
              std::to_string(max_json_bytes));
  require(header_length <= bytes.size() - 8,
          "model file is truncated: the header says " + std::to_string(header_length) +
              " bytes, but only " + std::to_string(bytes.size() - 8) + " follow");
  const std::string text(reinterpret_cast<const char*>(bytes.data() + 8), header_length);
  require(!text.empty() && text.front() == '{',
          "not a safetensors model file: the header does not start with '{'");
  check_json_text(text, "the model file header");
  json header;
  try {
    header = json::parse(text);
  } catch (const json::exception&) {
    throw Error("model file header is not valid JSON");
  }
  require(header.is_object(), "model file header must be a JSON object");
  require(header.contains("__metadata__") && header["__metadata__"].is_object() &&
              header["__metadata__"].contains("format") &&
              header["__metadata__"]["format"] == "glassbox",
          "this safetensors file is not a Glassbox model: its __metadata__ lacks "
          "\"format\": \"glassbox\"");
  const json& meta = header["__metadata__"];
  const std::string supported =
      "this build reads versions \"1\" and \"" + std::to_string(model_format_version) + "\"";
  require(meta.contains("format_version"),
          "model file's __metadata__ has no \"format_version\"; " + supported);
  const json& version_field = meta["format_version"];
  require(version_field.is_string(),
          "model file's __metadata__ field \"format_version\" must be a string such as \"" +
              std::to_string(model_format_version) + "\", got " + short_text(version_field));
  const std::string version = version_field.get<std::string>();
  require(version == "1" || version == std::to_string(model_format_version),
          "model file has format version '" + version + "'; " + supported);
  const int format = version == "1" ? 1 : model_format_version;
  require(meta.contains("architecture") && meta["architecture"].is_string(),
          "model file has no architecture in its __metadata__ (field \"architecture\", a JSON "
          "string)");
  Architecture architecture;
  std::vector<std::size_t> inserted;  // v1: indices of the flatten layers added
  try {
    architecture =
        Architecture::from_json(meta["architecture"].get<std::string>(), format, &inserted);
  } catch (const Error& e) {
    throw Error(std::string("model file architecture: ") + e.what());
  }

  // Every tensor entry is checked against the architecture before the model
  // (and its parameter buffers) is built: a tiny file that names a huge
  // architecture is refused without allocating for it.
  const std::span<const std::uint8_t> data = bytes.subspan(8 + header_length);
  const auto expected = expected_tensors(architecture);
  std::vector<Entry> entries;
  for (const auto& [name, shape] : expected) {
    const std::string file_name = name_in_file(name, inserted);
    require(header.contains(file_name), "model file is missing tensor '" + file_name + "'");
    const json& entry = header[file_name];
    require(entry.is_object(), "tensor '" + file_name +
                                   "' must be an object with \"dtype\", \"shape\" and "
                                   "\"data_offsets\", got " +
                                   short_text(entry));
    for (const auto& [key, value] : entry.items()) {
      require(key == "dtype" || key == "shape" || key == "data_offsets",
              "tensor '" + file_name + "' has an unknown field \"" + key +
                  "\"; its fields: dtype, shape, data_offsets");
    }
    require(entry.contains("dtype") && entry["dtype"].is_string(),
            "tensor '" + file_name + "' field \"dtype\" must be a name such as \"F32\"");
    const std::string dtype = entry["dtype"].get<std::string>();
    require(dtype == "F32", "tensor '" + file_name + "' has dtype " + short_text(entry["dtype"]) +
                                "; only F32 is supported");
    // Compared in 64 bits: [4294967298] must not pass as [2] in 32-bit wasm.
    const auto dims = whole_numbers(entry, file_name, "shape");
    const bool same = dims.size() == shape.size() &&
                      std::equal(dims.begin(), dims.end(), shape.begin(),
                                 [](std::uint64_t a, std::size_t b) { return a == b; });
    if (!same) {
      std::string text = "[";
      for (std::size_t i = 0; i < dims.size(); ++i)
        text += (i > 0 ? ", " : "") + std::to_string(dims[i]);
      throw Error("tensor '" + file_name + "' has shape " + text + "]; the architecture needs " +
                  shape_to_string(shape));
    }
    const auto offsets = whole_numbers(entry, file_name, "data_offsets");
    const std::uint64_t need = std::uint64_t{element_count(shape)} * sizeof(float);
    require(offsets.size() == 2 && offsets[1] >= offsets[0] && offsets[1] - offsets[0] == need,
            "tensor '" + file_name + "' field \"data_offsets\" must be [begin, begin + " +
                std::to_string(need) + "] for its shape, got " + short_text(entry["data_offsets"]));
    require(offsets[1] <= data.size(), "model file is truncated: tensor '" + file_name +
                                           "' ends at data byte " + std::to_string(offsets[1]) +
                                           ", but the data has only " +
                                           std::to_string(data.size()) + " bytes");
    entries.push_back({offsets[0], offsets[1], file_name});
  }
  const std::size_t tensor_count = header.size() - 1;  // all but __metadata__
  if (tensor_count != expected.size()) {
    for (const auto& [key, value] : header.items()) {
      const bool known = key == "__metadata__" ||
                         std::any_of(entries.begin(), entries.end(),
                                     [&key = key](const Entry& e) { return e.name == key; });
      require(known, "model file has a tensor '" + key + "' that the architecture does not use");
    }
  }
  std::sort(entries.begin(), entries.end(),
            [](const Entry& a, const Entry& b) { return a.begin < b.begin; });
  for (std::size_t i = 1; i < entries.size(); ++i) {
    require(entries[i].begin >= entries[i - 1].end,
            "model file tensors '" + entries[i - 1].name + "' and '" + entries[i].name +
                "' overlap in the data (field \"data_offsets\")");
  }

  Model model(architecture, 0);
  for (const auto& slot : tensor_slots(model)) {
    const std::string file_name = name_in_file(slot.name, inserted);
    const auto offsets = whole_numbers(header[file_name], file_name, "data_offsets");
    std::memcpy(slot_data(model, slot), data.data() + offsets[0], offsets[1] - offsets[0]);
  }
  return model;
}

void save_model_file(const Model& model, const std::string& path) {
  write_file(path, save_safetensors(model));
}

Model load_model_file(const std::string& path) {
  const auto bytes = read_file(path);
  try {
    return load_safetensors(bytes);
  } catch (const Error& e) {
    throw Error(path + ": " + e.what());
  }
}

}  // namespace glassbox
