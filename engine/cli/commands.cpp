#include "commands.hpp"

#include <cstdio>
#include <nlohmann/json.hpp>

#include "glassbox/error.hpp"
#include "glassbox/metrics.hpp"
#include "glassbox/mnist.hpp"
#include "glassbox/problems.hpp"
#include "glassbox/safetensors.hpp"
#include "glassbox/trainer.hpp"
#include "progress.hpp"

namespace glassbox::cli {
namespace {

std::string mnist_dir(const std::string& data_dir) {
  return data_dir.empty() ? find_mnist_dir() : data_dir;
}

struct Problem {
  Dataset train, test;
  std::string default_arch, default_activation, default_loss;
};

Problem load_problem(const TrainArgs& args) {
  if (args.problem == "mnist") {
    const std::string dir = mnist_dir(args.data_dir);
    return {load_mnist(dir, MnistSplit::train), load_mnist(dir, MnistSplit::test), "784-128-64-10",
            "relu", "softmax_cross_entropy"};
  }
  if (args.problem == "xor") return {make_xor(), make_xor(), "2-4-1", "sigmoid", "mse"};
  throw Error("unknown problem '" + args.problem + "'; use mnist or xor");
}

}  // namespace

int train(const TrainArgs& args) {
  Problem problem = load_problem(args);
  if (args.limit > 0) problem.train = take_first(problem.train, args.limit);
  const std::string activation =
      args.activation.empty() ? problem.default_activation : args.activation;
  const Architecture arch =
      Architecture::from_sizes(args.arch.empty() ? problem.default_arch : args.arch, activation,
                               parse_loss(args.loss.empty() ? problem.default_loss : args.loss));
  Model model(arch, args.seed);
  auto optimizer = make_optimizer(args.optimizer, args.learning_rate);
  TrainOptions options{.batch_size = args.batch_size, .shuffle_seed = args.seed + 1};
  if (args.shift > 0) {
    require(args.problem == "mnist", "--shift works on images: use it with mnist");
    options.max_shift = args.shift;
    options.image_width = options.image_height = 28;
  }
  Trainer trainer(model, *optimizer, problem.train, options);

  std::fprintf(stderr,
               "training %s %s (%zu parameters) with %s, lr %g, batch %zu, shift %d, seed %llu\n",
               args.problem.c_str(), arch.to_json().c_str(), model.parameters().size(),
               optimizer->name().c_str(), static_cast<double>(args.learning_rate), args.batch_size,
               args.shift, static_cast<unsigned long long>(args.seed));
  for (std::size_t epoch = 1; epoch <= args.epochs; ++epoch) {
    // Long runs (XOR's 1000 tiny epochs) report ten times, not every epoch.
    const bool report =
        args.epochs <= 50 || epoch == args.epochs || epoch % (args.epochs / 10) == 0;
    ProgressBar bar("epoch " + std::to_string(epoch) + "/" + std::to_string(args.epochs),
                    problem.train.count);
    std::size_t done = 0;
    double loss_sum = 0.0;
    const std::size_t batches = trainer.batches_per_epoch();
    // Small chunks of steps keep the bar live without slowing training.
    for (std::size_t b = 0; b < batches; b += 10) {
      const StepStats stats = trainer.step(std::min<std::size_t>(10, batches - b));
      done += stats.samples;
      loss_sum += double{stats.mean_loss} * static_cast<double>(stats.samples);
      if (report) bar.update(done, static_cast<float>(loss_sum / static_cast<double>(done)));
    }
    optimizer->set_learning_rate(optimizer->learning_rate() * args.lr_decay);
    if (!report) continue;
    bar.finish();
    const Evaluation test = evaluate(model, problem.test);
    std::printf("epoch %zu: train loss %.4f, test loss %.4f, test accuracy %.2f%% (%.1f s)\n",
                epoch, loss_sum / static_cast<double>(done), static_cast<double>(test.mean_loss),
                100.0 * test.accuracy(), bar.seconds());
    std::fflush(stdout);
  }
  if (!args.out.empty()) {
    save_model_file(model, args.out);
    std::printf("saved %s\n", args.out.c_str());
  }
  return 0;
}

int evaluate_file(const std::string& model_path, const std::string& data_dir) {
  Model model = load_model_file(model_path);
  const Dataset test = load_mnist(mnist_dir(data_dir), MnistSplit::test);
  const Evaluation result = evaluate(model, test);
  std::printf("test accuracy: %.2f%% (%zu/%zu), mean loss %.4f\n", 100.0 * result.accuracy(),
              result.correct, result.count, static_cast<double>(result.mean_loss));
  std::printf("confusion matrix (rows: true digit, columns: predicted):\n%s",
              result.confusion_table().c_str());
  return 0;
}

int predict(const std::string& model_path, std::size_t index, bool json,
            const std::string& data_dir) {
  Model model = load_model_file(model_path);
  const Dataset test = load_mnist(mnist_dir(data_dir), MnistSplit::test);
  require(index < test.count, "--idx-index " + std::to_string(index) + " is out of range 0.." +
                                  std::to_string(test.count - 1));
  const auto image = std::span(test.inputs).subspan(index * test.input_size, test.input_size);
  const std::vector<float> probabilities = model.predict(image, 1);
  const std::size_t label = test.label(index);
  if (json) {
    const nlohmann::json line = {
        {"index", index}, {"label", label}, {"probabilities", probabilities}};
    std::printf("%s\n", line.dump().c_str());
    return 0;
  }
  std::printf("test image %zu, true label %zu\n", index, label);
  const std::size_t best = argmax(probabilities.data(), probabilities.size());
  for (std::size_t k = 0; k < probabilities.size(); ++k)
    std::printf("  %zu: %.6f%s\n", k, static_cast<double>(probabilities[k]),
                k == best ? "  <- prediction" : "");
  return 0;
}

int info(const std::string& model_path) {
  const auto bytes = read_file(model_path);
  const Model model = load_safetensors(bytes);
  std::printf("architecture: %s\nparameters: %zu\nfile size: %zu bytes\n",
              model.architecture().to_json().c_str(), model.parameters().size(), bytes.size());
  return 0;
}

}  // namespace glassbox::cli
