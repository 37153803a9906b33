#include "problems.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/io/mnist.hpp"

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
  // The built-in problems carry their own known-good defaults.
  const ProblemInfo& info = find_problem(name);
  ProblemData data = make_problem(name);
  return {std::move(data.train), std::move(data.test), info.arch,   info.activation, info.loss,
          info.optimizer,        info.learning_rate,   info.epochs, info.batch_size, false};
}

}  // namespace glassbox::cli
