#include "problems.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/data/sequences.hpp"
#include "glassbox/io/mnist.hpp"

namespace glassbox::cli {

Problem load_problem(const std::string& name, const std::string& data_dir, std::size_t length,
                     const std::string& cell) {
  for (const SequenceTaskInfo& task : sequence_tasks()) {
    if (task.name != name) continue;
    const CellKind kind = parse_cell_kind(cell);
    const CellDefaults& d = task.defaults(kind);
    SequenceData data =
        make_sequence_task(name, {.seed = 1, .length = length > 0 ? length : d.length});
    // The defaults are in steps; the CLI counts epochs over the training set.
    const std::size_t per_epoch = (data.train.count + d.batch_size - 1) / d.batch_size;
    Problem problem{std::move(data.train),
                    std::move(data.test),
                    "",
                    "",
                    task.regression ? "mse" : "softmax_cross_entropy",
                    "adam",
                    d.learning_rate,
                    (d.steps + per_epoch - 1) / per_epoch,
                    d.batch_size};
    problem.arch_json = sequence_architecture(name, kind, d.units, data.length);
    return problem;
  }
  require(length == 0, "--length applies to the sequence tasks only (`glassbox examples`)");
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
