// glassbox export and glassbox forward: models leaving Glassbox, and the raw
// outputs that prove they compute the same numbers elsewhere.
#include <cmath>
#include <cstdio>
#include <cstring>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/export/export.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/safetensors.hpp"

namespace glassbox::cli {

namespace {

// "dir/mnist-cnn.safetensors" → "mnist-cnn.safetensors"
std::string file_name(const std::string& path) {
  const auto slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace

int export_model(const std::string& model_path, const std::string& format,
                 const std::string& out_path) {
  const Model model = load_model_file(model_path);
  std::vector<std::uint8_t> bytes;
  if (format == "pytorch") {
    const std::string code = export_pytorch(model, file_name(model_path));
    bytes.assign(code.begin(), code.end());
  } else if (format == "onnx") {
    bytes = export_onnx(model);
  } else {
    throw Error("unknown export format '" + format + "'; allowed: pytorch, onnx");
  }
  write_file(out_path, bytes);
  std::printf("wrote %s (%s%s, %zu bytes)\n", out_path.c_str(), format.c_str(),
              format == "onnx" ? ", opset 17" : "", bytes.size());
  return 0;
}

int forward_file(const std::string& model_path, const std::string& inputs_path,
                 const std::string& outputs_path) {
  Model model = load_model_file(model_path);
  const auto bytes = read_file(inputs_path);
  const std::size_t sample_bytes = model.input_size() * sizeof(float);
  if (bytes.empty() || bytes.size() % sample_bytes != 0) {
    throw Error(inputs_path + ": " + std::to_string(bytes.size()) +
                " bytes is not a whole number of samples; the model takes " +
                std::to_string(model.input_size()) + " float32 values (" +
                std::to_string(sample_bytes) + " bytes) per sample");
  }
  const std::size_t count = bytes.size() / sample_bytes;
  if (count > max_forward_samples) {
    throw Error(inputs_path + " holds " + std::to_string(count) + " samples; the limit is " +
                std::to_string(max_forward_samples));
  }
  std::vector<float> inputs(count * model.input_size());
  std::memcpy(inputs.data(), bytes.data(), bytes.size());
  if (model.architecture().vocabulary == 0) {
    for (float v : inputs)
      require(std::isfinite(v), inputs_path + " holds a value that is not a finite number");
  }
  model.set_training(false);
  const auto outputs = model.forward(inputs, count);
  const auto* raw = reinterpret_cast<const std::uint8_t*>(outputs.data());
  write_file(outputs_path, {raw, outputs.size() * sizeof(float)});
  std::printf("wrote %s (%zu samples × %zu outputs)\n", outputs_path.c_str(), count,
              model.output_size());
  return 0;
}

}  // namespace glassbox::cli
