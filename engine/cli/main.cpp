// glassbox: train, evaluate and query models from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>

#include "commands.hpp"
#include "glassbox/error.hpp"

int main(int argc, char** argv) {
  using namespace glassbox::cli;
  CLI::App app{"Glassbox: a neural network you can see through"};
  app.require_subcommand(1);

  TrainArgs train_args;
  auto* train_cmd = app.add_subcommand("train", "Train a model and save it as .safetensors");
  train_cmd->add_option("problem", train_args.problem, "What to learn: mnist or xor")
      ->check(CLI::IsMember({"mnist", "xor"}))
      ->capture_default_str();
  train_cmd->add_option("--arch", train_args.arch,
                        "Layer sizes, e.g. 784-128-64-10 (default: 784-128-64-10 for mnist, "
                        "2-4-1 for xor)");
  train_cmd
      ->add_option("--activation", train_args.activation,
                   "Hidden activation (default: relu for mnist, sigmoid for xor)")
      ->check(CLI::IsMember({"relu", "sigmoid"}));
  train_cmd
      ->add_option("--loss", train_args.loss,
                   "Loss (default: softmax_cross_entropy for "
                   "mnist, mse for xor)")
      ->check(CLI::IsMember({"softmax_cross_entropy", "cross_entropy", "mse"}));
  train_cmd->add_option("--optimizer", train_args.optimizer, "Optimizer")
      ->check(CLI::IsMember({"sgd", "adam"}))
      ->capture_default_str();
  auto* epochs_opt =
      train_cmd->add_option("--epochs", train_args.epochs, "Passes over the training data")
          ->check(CLI::Range(1, 10000))
          ->capture_default_str();
  auto* lr_opt = train_cmd->add_option("--lr", train_args.learning_rate, "Learning rate")
                     ->check(CLI::Range(1e-7, 100.0))
                     ->capture_default_str();
  train_cmd
      ->add_option("--lr-decay", train_args.lr_decay,
                   "Multiply the learning rate by this after each epoch")
      ->check(CLI::Range(0.01, 1.0))
      ->capture_default_str();
  auto* batch_opt = train_cmd->add_option("--batch", train_args.batch_size, "Mini-batch size")
                        ->check(CLI::Range(1, 65536))
                        ->capture_default_str();
  train_cmd->add_option("--seed", train_args.seed, "Seed for weights and shuffling")
      ->capture_default_str();
  train_cmd
      ->add_option("--shift", train_args.shift,
                   "Random-shift augmentation of up to N pixels (mnist)")
      ->check(CLI::Range(0, 4))
      ->capture_default_str();
  train_cmd->add_option("--limit", train_args.limit, "Train on only the first N samples")
      ->check(CLI::NonNegativeNumber);
  train_cmd->add_option("--out", train_args.out, "Where to save the model (.safetensors)");
  train_cmd->add_option("--data", train_args.data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  std::string model_path, data_dir;
  auto* eval_cmd = app.add_subcommand("eval", "Test accuracy and confusion matrix on MNIST");
  eval_cmd->add_option("model", model_path, "Model file (.safetensors)")
      ->required()
      ->check(CLI::ExistingFile);
  eval_cmd->add_option("--data", data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  std::size_t index = 0;
  bool json = false;
  auto* predict_cmd = app.add_subcommand("predict", "Class probabilities for one MNIST test image");
  predict_cmd->add_option("model", model_path, "Model file (.safetensors)")
      ->required()
      ->check(CLI::ExistingFile);
  predict_cmd->add_option("--idx-index", index, "Index of the test image (0-9999)")->required();
  predict_cmd->add_flag("--json", json, "Print one JSON line");
  predict_cmd->add_option("--data", data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  auto* info_cmd = app.add_subcommand("info", "Architecture, parameter count and size of a model");
  info_cmd->add_option("model", model_path, "Model file (.safetensors)")
      ->required()
      ->check(CLI::ExistingFile);

  CLI11_PARSE(app, argc, argv);
  // XOR has 4 samples: its own defaults, unless given.
  if (train_args.problem == "xor") {
    if (epochs_opt->count() == 0) train_args.epochs = 1000;
    if (lr_opt->count() == 0) train_args.learning_rate = 0.05f;
    if (batch_opt->count() == 0) train_args.batch_size = 4;
  }
  try {
    if (*train_cmd) return train(train_args);
    if (*eval_cmd) return evaluate_file(model_path, data_dir);
    if (*predict_cmd) return predict(model_path, index, json, data_dir);
    if (*info_cmd) return info(model_path);
  } catch (const glassbox::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 2;
  }
  return 0;
}
