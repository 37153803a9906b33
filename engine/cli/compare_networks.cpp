// `glassbox compare depth` and `glassbox compare cnn-mlp`: classic
// experiments on network structure, run on MNIST.
#include <cstdio>

#include "commands.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/inspect/inspect.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox::cli {
namespace {

// Six hidden layers of 64, four ways. The residual variants wrap layers 2–6
// in blocks y = x + f(x), with LayerNorm in front of each block's dense layer
// (pre-norm) in the last one.
Architecture deep_network(const std::string& kind) {
  const auto dense = [](std::size_t units, const std::string& init) {
    return LayerSpec{"dense", {{"units", static_cast<double>(units)}, {"init", init}}};
  };
  const bool sigmoid = kind == "sigmoid";
  const std::string act = sigmoid ? "sigmoid" : "relu";
  const std::string init = sigmoid ? "xavier_uniform" : "he_normal";
  Architecture arch;
  arch.input = {784};
  arch.layers = {dense(64, init), LayerSpec{act}};
  for (int i = 0; i < 5; ++i) {
    std::vector<LayerSpec> body = {dense(64, init), LayerSpec{act}};
    if (kind == "residual+layernorm") body.insert(body.begin(), LayerSpec{"layernorm"});
    if (kind == "sigmoid" || kind == "relu") {
      arch.layers.insert(arch.layers.end(), body.begin(), body.end());
    } else {
      arch.layers.push_back(LayerSpec{"residual", {}, body});
    }
  }
  arch.layers.push_back(dense(10, "xavier_uniform"));
  arch.validate();
  return arch;
}

}  // namespace

int compare_depth(const CompareArgs& args) {
  const std::string dir = find_mnist_dir();
  const Dataset train = take_first(load_mnist(dir, MnistSplit::train), 10000);
  const Dataset test = load_mnist(dir, MnistSplit::test);
  const double target = 0.90;
  std::printf(
      "MNIST, first 10,000 training images, 6 hidden layers of 64, plain SGD (lr 0.05, "
      "batch 32), %zu epochs, seed 1.\nTarget: %.0f%% test accuracy.\n\n",
      args.epochs, 100 * target);
  std::printf("%-20s %10s %16s %11s\n", "network", "params", "epochs to 90%", "final acc");
  struct Norms {
    std::string name;
    std::vector<GradientNorm> step1, step100;
  };
  std::vector<Norms> all_norms;
  for (const std::string kind : {"sigmoid", "relu", "residual", "residual+layernorm"}) {
    Model model(deep_network(kind), 1);
    Sgd sgd(0.05f);
    Trainer trainer(model, sgd, train, {.batch_size = 32, .shuffle_seed = 2});
    Norms norms{kind, {}, {}};
    trainer.step(1);
    norms.step1 = weight_gradient_norms(model);
    trainer.step(99);
    norms.step100 = weight_gradient_norms(model);
    trainer.finish_epoch();
    std::size_t reached = 0;
    double accuracy = evaluate(model, test).accuracy();
    if (accuracy >= target) reached = 1;
    for (std::size_t epoch = 2; epoch <= args.epochs; ++epoch) {
      trainer.finish_epoch();
      accuracy = evaluate(model, test).accuracy();
      if (!reached && accuracy >= target) reached = epoch;
    }
    char epochs_text[16];
    std::snprintf(epochs_text, sizeof epochs_text, reached ? "%zu" : "-", reached);
    std::printf("%-20s %10zu %16s %10.2f%%\n", kind.c_str(), model.parameters().size(), epochs_text,
                100 * accuracy);
    std::fflush(stdout);
    all_norms.push_back(norms);
  }
  std::printf(
      "\nGradient norm ‖∂L/∂W‖ of each weight matrix, from the input (W1) to the "
      "output (W7):\n%-20s %5s",
      "network", "step");
  for (int i = 1; i <= 7; ++i) std::printf("  %8s%d", "W", i);
  std::printf("\n");
  for (const Norms& n : all_norms) {
    for (const auto* row : {&n.step1, &n.step100}) {
      std::printf("%-20s %5s", n.name.c_str(), row == &n.step1 ? "1" : "100");
      // Residual projections do not exist here (shapes match), so rows hold W1..W7 only.
      for (const auto& g : *row) std::printf("  %9.2e", static_cast<double>(g.norm));
      std::printf("\n");
    }
  }
  return 0;
}

int compare_cnn_mlp(const CompareArgs& /*args*/) {
  const std::string models = std::string(GLASSBOX_SOURCE_DIR) + "/web/public/models/";
  const Dataset test = load_mnist(find_mnist_dir(), MnistSplit::test);
  std::printf("The shipped models on the 10,000 MNIST test images:\n\n%-28s %12s %12s %14s\n",
              "model", "parameters", "file bytes", "test accuracy");
  for (const std::string file :
       {"mnist-mlp.safetensors", "mnist-mlp-small.safetensors", "mnist-cnn.safetensors"}) {
    const auto bytes = read_file(models + file);
    Model model = load_safetensors(bytes);
    const Evaluation e = evaluate(model, test);
    std::printf("%-28s %12zu %12zu %13.2f%%\n", file.c_str(), model.parameters().size(),
                bytes.size(), 100 * e.accuracy());
  }
  return 0;
}

}  // namespace glassbox::cli
