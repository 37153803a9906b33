#include "problems.hpp"

#include "glassbox/error.hpp"
#include "glassbox/mnist.hpp"
#include "glassbox/problems.hpp"

namespace glassbox::cli {

Problem load_problem(const std::string& name, const std::string& data_dir) {
  if (name == "mnist") {
    const std::string dir = data_dir.empty() ? find_mnist_dir() : data_dir;
    return {load_mnist(dir, MnistSplit::train),
            load_mnist(dir, MnistSplit::test),
            "784-128-64-10",
            "relu",
            "softmax_cross_entropy",
            "adam",
            1e-3f,
            5,
            64,
            true};
  }
  // The tiny truth-table problems are their own test set.
  if (name == "xor") {
    return {make_xor(), make_xor(), "2-4-1", "sigmoid", "mse", "adam", 0.05f, 1000, 4, false};
  }
  if (name == "parity3") {
    return {make_parity3(), make_parity3(), "3-6-1", "sigmoid", "mse",
            "adam",         0.05f,          2000,    8,         false};
  }
  throw Error("unknown problem '" + name + "'; use mnist, xor or parity3");
}

}  // namespace glassbox::cli
