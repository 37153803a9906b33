#include "glassbox/io/safetensors.hpp"

#include <bit>
#include <cstring>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/io/idx.hpp"

namespace glassbox {
namespace {

static_assert(std::endian::native == std::endian::little,
              "safetensors stores little-endian floats; this build assumes a little-endian host");

using nlohmann::json;

constexpr std::uint64_t max_header_bytes = 100u << 20;

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

Model load_safetensors(std::span<const std::uint8_t> bytes) {
  require(bytes.size() >= 8, "not a safetensors model file: it is only " +
                                 std::to_string(bytes.size()) +
                                 " bytes long (the header length alone takes 8)");
  std::uint64_t header_length = 0;
  std::memcpy(&header_length, bytes.data(), 8);
  require(header_length <= max_header_bytes,
          "not a safetensors model file: its first 8 bytes claim a " +
              std::to_string(header_length) + "-byte header");
  require(header_length <= bytes.size() - 8,
          "model file is truncated: the header says " + std::to_string(header_length) +
              " bytes, but only " + std::to_string(bytes.size() - 8) + " follow");
  const std::string text(reinterpret_cast<const char*>(bytes.data() + 8), header_length);
  require(!text.empty() && text.front() == '{',
          "not a safetensors model file: the header does not start with '{'");
  check_json_depth(text, max_json_depth, "the model file header");
  json header;
  try {
    header = json::parse(text);
  } catch (const json::exception&) {
    throw Error("model file header is not valid JSON");
  }
  require(header.is_object(), "model file header must be a JSON object");
  const json meta = header.value("__metadata__", json::object());
  require(meta.is_object() && meta.value("format", "") == "glassbox",
          "this safetensors file is not a Glassbox model: its __metadata__ lacks "
          "\"format\": \"glassbox\"");
  const json version_field = meta.value("format_version", json(""));
  const std::string version = version_field.is_string() ? version_field.get<std::string>() : "";
  require(version == "1" || version == std::to_string(model_format_version),
          "model file has format version '" + version + "'; this build reads versions 1 and " +
              std::to_string(model_format_version));
  const int format = version == "1" ? 1 : model_format_version;
  require(meta.contains("architecture") && meta["architecture"].is_string(),
          "model file has no architecture in its __metadata__");
  Architecture architecture;
  std::vector<std::size_t> inserted;  // v1: indices of the flatten layers added
  try {
    architecture =
        Architecture::from_json(meta["architecture"].get<std::string>(), format, &inserted);
  } catch (const Error& e) {
    throw Error(std::string("model file architecture: ") + e.what());
  }

  Model model(architecture, 0);
  const std::span<const std::uint8_t> data = bytes.subspan(8 + header_length);
  const auto slots = tensor_slots(model);
  for (const auto& slot : slots) {
    const std::string file_name = name_in_file(slot.name, inserted);
    require(header.contains(file_name), "model file is missing tensor '" + file_name + "'");
    const json& entry = header[file_name];
    try {
      const std::string dtype = entry.at("dtype").get<std::string>();
      require(dtype == "F32",
              "tensor '" + slot.name + "' has dtype " + dtype + "; only F32 is supported");
      const Shape shape = entry.at("shape").get<Shape>();
      require(shape == slot.shape, "tensor '" + slot.name + "' has shape " +
                                       shape_to_string(shape) + "; the architecture needs " +
                                       shape_to_string(slot.shape));
      const auto offsets = entry.at("data_offsets").get<std::vector<std::uint64_t>>();
      const std::uint64_t need = element_count(slot.shape) * sizeof(float);
      require(offsets.size() == 2 && offsets[1] >= offsets[0] && offsets[1] - offsets[0] == need,
              "tensor '" + slot.name + "' has data_offsets that do not match its shape");
      require(offsets[1] <= data.size(), "model file is truncated: tensor '" + slot.name +
                                             "' ends at data byte " + std::to_string(offsets[1]) +
                                             ", but the data has only " +
                                             std::to_string(data.size()) + " bytes");
      std::memcpy(slot_data(model, slot), data.data() + offsets[0], need);
    } catch (const json::exception&) {
      throw Error("tensor '" + slot.name +
                  "' has a malformed entry: it needs \"dtype\", \"shape\" (whole numbers) and "
                  "\"data_offsets\" (two whole numbers)");
    }
  }
  const std::size_t tensor_count = header.size() - (header.contains("__metadata__") ? 1 : 0);
  require(tensor_count == slots.size(), "model file has " + std::to_string(tensor_count) +
                                            " tensors; the architecture uses " +
                                            std::to_string(slots.size()));
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
