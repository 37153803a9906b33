// glassbox: train, compare, evaluate and query models from the command line.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <functional>
#include <vector>

#include "commands.hpp"
#include "glassbox/core/error.hpp"

namespace {

using namespace glassbox::cli;

// A whole number of 0 or more, stated plainly (CLI11's NonNegativeNumber
// prints its range with a 309-digit upper bound, and a size_t option would
// wrap "-1").
const CLI::Validator whole_number(
    [](std::string& text) {
      const bool digits = !text.empty() && text.size() <= 19 &&
                          text.find_first_not_of("0123456789") == std::string::npos;
      return digits ? std::string() : "must be a whole number of 0 or more, got '" + text + "'";
    },
    "WHOLE NUMBER");

// Options whose default depends on the problem: parsed into a temporary and
// copied into the std::optional only when given on the command line.
class ProblemDefaults {
public:
  template <typename T>
  CLI::Option* add(CLI::App* app, const std::string& name, std::optional<T>& target,
                   const std::string& help) {
    auto value = std::make_shared<T>();
    CLI::Option* option = app->add_option(name, *value, help);
    commits_.push_back([option, value, &target] {
      if (option->count() > 0) target = *value;
    });
    return option;
  }
  void commit() const {
    for (const auto& c : commits_) c();
  }

private:
  std::vector<std::function<void()>> commits_;
};

void add_train_options(CLI::App* cmd, TrainArgs& a, ProblemDefaults& defaults) {
  cmd->add_option("problem", a.problem,
                  "What to learn: mnist, or a problem from `glassbox examples`")
      ->capture_default_str();
  defaults.add(cmd, "--arch", a.arch, "Layer sizes, e.g. 784-128-64-10 (default: per problem)");
  cmd->add_option("--arch-file", a.arch_file,
                  "A JSON architecture (conv2d, pooling, batchnorm, residual, ...); see "
                  "engine/include/glassbox/architecture.hpp")
      ->check(CLI::ExistingFile);
  defaults.add(cmd, "--activation", a.activation,
               "Hidden activation, or a comma list with one per hidden layer: linear, relu, "
               "leaky_relu, elu, sigmoid, tanh, gelu, gelu_erf, swish, softplus, softmax");
  defaults.add(cmd, "--loss", a.loss, "softmax_cross_entropy, binary_cross_entropy, mse, huber")
      ->check(CLI::IsMember({"softmax_cross_entropy", "cross_entropy", "binary_cross_entropy",
                             "bce", "mse", "huber"}));
  defaults
      .add(cmd, "--optimizer", a.optimizer,
           "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw")
      ->check(
          CLI::IsMember({"sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw"}));
  defaults.add(cmd, "--epochs", a.epochs, "Passes over the training data")
      ->check(CLI::Range(1, 100000));
  defaults.add(cmd, "--lr", a.learning_rate, "Learning rate")->check(CLI::Range(1e-7, 10.0));
  defaults.add(cmd, "--batch", a.batch_size, "Mini-batch size")->check(CLI::Range(1, 65536));
  cmd->add_option("--init", a.init,
                  "Weight init: zeros, uniform, normal, xavier_uniform, xavier_normal, "
                  "he_uniform, he_normal, lecun");
  cmd->add_option("--momentum", a.momentum, "μ for momentum and nesterov")
      ->check(CLI::Range(0.0, 0.999))
      ->capture_default_str();
  cmd->add_option("--weight-decay", a.weight_decay, "Decoupled weight decay λ (adamw)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--dropout", a.dropout, "Dropout rate after each hidden layer, in [0, 1)")
      ->check(CLI::Range(0.0, 0.99));
  cmd->add_option("--l1", a.l1, "L1 penalty λ₁ on weights")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--l2", a.l2, "L2 penalty λ₂ on weights (½λ₂Σw²)")->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--max-norm", a.max_norm, "Max-norm of each neuron's incoming weights")
      ->check(CLI::Range(0.0, 1000.0));
  cmd->add_option("--schedule", a.schedule, "Learning-rate schedule")
      ->check(CLI::IsMember({"constant", "step", "exponential", "cosine"}))
      ->capture_default_str();
  cmd->add_option("--decay-rate", a.decay_rate, "γ of the step and exponential schedules")
      ->check(CLI::Range(0.001, 1.0))
      ->capture_default_str();
  cmd->add_option("--decay-epochs", a.decay_epochs, "Period of the step/exponential decay")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--min-lr", a.min_lr, "Floor of the cosine schedule")
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--warmup", a.warmup_epochs, "Epochs of linear learning-rate warmup")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--clip-norm", a.clip_norm, "Clip gradients to this global L2 norm")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--clip-value", a.clip_value, "Clip each gradient to ±this")
      ->check(CLI::Range(0.0, 1e6));
  cmd->add_option("--early-stop", a.early_stop,
                  "Stop after this many epochs without validation improvement, restoring the best")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--validation", a.validation, "Fraction held out for early stopping")
      ->check(CLI::Range(0.01, 0.5))
      ->capture_default_str();
  cmd->add_option("--seed", a.seed, "Seed for weights, dropout and shuffling")
      ->check(whole_number)
      ->capture_default_str();
  cmd->add_option("--shift", a.shift, "Random-shift augmentation of up to N pixels (mnist)")
      ->check(CLI::Range(0, 4))
      ->capture_default_str();
  cmd->add_option("--rotate", a.rotate, "Random rotation of up to ±DEG degrees (mnist)")
      ->check(CLI::Range(0.0, 45.0));
  cmd->add_option("--scale", a.scale, "Random scale in [1 − S, 1 + S] (mnist)")
      ->check(CLI::Range(0.0, 0.5));
  cmd->add_option("--thickness", a.thickness,
                  "Random stroke thickening/thinning of up to ±T pixels per side (mnist)")
      ->check(CLI::Range(0.0, 2.0));
  cmd->add_option("--elastic", a.elastic, "Elastic distortion strength α (Simard 2003: 34; mnist)")
      ->check(CLI::Range(0.0, 100.0));
  cmd->add_option("--elastic-sigma", a.elastic_sigma, "Smoothness σ of the elastic field, pixels")
      ->check(CLI::Range(0.5, 16.0))
      ->capture_default_str();
  cmd->add_option("--blur", a.blur, "Random Gaussian blur, sigma up to B pixels (mnist)")
      ->check(CLI::Range(0.0, 4.0));
  cmd->add_option("--rescan", a.rescan,
                  "Probability of rescanning a digit at 8×8, as the UCI digits were (mnist)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--rescan-pen", a.rescan_pen,
                  "Largest pen radius of the rescan, in pixels of its 32×32 bitmap")
      ->check(CLI::Range(0, 8));
  cmd->add_option("--rescan-stretch", a.rescan_stretch,
                  "Probability that a rescan stretches the digit's box to the full height and a "
                  "random width (x and y scaled separately), as the UCI digits look")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--flag-ones", a.flag_ones,
                  "Probability that a 1 gets a long flag, as many people write it (mnist)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--from", a.from,
                  "Start from this model's weights (same architecture) instead of new ones")
      ->check(CLI::ExistingFile);
  cmd->add_option("--limit", a.limit, "Train on only the first N samples")->check(whole_number);
  cmd->add_option("--out", a.out, "Where to save the model (.safetensors)");
  cmd->add_option("--history", a.history, "Write per-epoch train/validation loss to this CSV file");
  cmd->add_option("--data", a.data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);
  cmd->add_option("--length", a.length, "Sequence tasks: the length T (default: the task's)")
      ->check(CLI::Range(1, 100000));
  cmd->add_option("--cell", a.cell, "Sequence tasks without --arch-file: rnn, lstm or gru")
      ->check(CLI::IsMember({"rnn", "lstm", "gru"}))
      ->capture_default_str();
}

// The model file every model command takes first.
void add_model_argument(CLI::App* command, std::string& model_path) {
  command->add_option("model", model_path, "Model file (.safetensors)")
      ->required()
      ->check(CLI::ExistingFile);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Glassbox: a neural network you can see through"};
  app.require_subcommand(1);

  TrainArgs train_args;
  ProblemDefaults defaults;
  auto* train_cmd = app.add_subcommand("train", "Train a model and save it as .safetensors");
  add_train_options(train_cmd, train_args, defaults);

  CompareArgs compare_args;
  auto* compare_cmd = app.add_subcommand("compare", "Run a classic comparison experiment");
  compare_cmd
      ->add_option(
          "what", compare_args.what,
          "What to compare: optimizers, depth, cnn-mlp, recurrent, attention, positional; "
          "activations, overfitting, stability, early-stopping (the Lab, as `glassbox lab`)")
      ->check(
          CLI::IsMember({"optimizers", "depth", "cnn-mlp", "recurrent", "attention", "positional",
                         "activations", "overfitting", "stability", "early-stopping"}))
      ->required();
  compare_cmd
      ->add_option("--problem", compare_args.problem,
                   "optimizers: a problem from `glassbox examples`")
      ->capture_default_str();
  compare_cmd->add_option("--seeds", compare_args.seeds, "Runs per optimizer (seeds 1..N)")
      ->check(CLI::Range(1, 100))
      ->capture_default_str();
  compare_cmd->add_option("--target-loss", compare_args.target_loss, "Training loss to reach")
      ->check(CLI::Range(1e-6, 10.0))
      ->capture_default_str();
  compare_cmd
      ->add_option("--max-epochs", compare_args.max_epochs,
                   "optimizers: give up after this many epochs")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  compare_cmd->add_option("--epochs", compare_args.epochs, "depth: epochs to train each network")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  compare_cmd->add_option("--task", compare_args.task,
                          "recurrent: a sequence task (default: adding); attention: copy, "
                          "reverse, sort, rename or induction (default: all); positional: the "
                          "task (default: reverse)");
  compare_cmd
      ->add_option("--lengths", compare_args.lengths, "recurrent: sequence lengths, a comma list")
      ->capture_default_str();
  compare_cmd->add_option("--cells", compare_args.cells, "recurrent: cells, a comma list")
      ->capture_default_str();
  compare_cmd
      ->add_option("--steps", compare_args.steps,
                   "recurrent: training steps per run (default: each cell's, per task)")
      ->check(CLI::Range(1, 1000000));
  compare_cmd->add_flag("--curriculum", compare_args.curriculum,
                        "recurrent, parity: grow the active length from 2 to T while training");
  compare_cmd
      ->add_option("--seed", compare_args.seed,
                   "attention, positional: the seed of data and weights")
      ->check(CLI::Range(1, 1000000))
      ->capture_default_str();
  compare_cmd
      ->add_option("--max-steps", compare_args.max_steps,
                   "attention, positional: training steps at most (default: the task's)")
      ->check(CLI::Range(1, 1000000));

  LabArgs lab_args;
  auto* lab_cmd = app.add_subcommand(
      "lab", "Run one experiment of the Lab: seed 003's claim against our measurement");
  lab_cmd
      ->add_option(
          "experiment", lab_args.experiment,
          "optimizers, activations, depth, cnn-mlp, overfitting, stability, early-stopping")
      ->required();
  lab_cmd->add_option("--set", lab_args.settings, "Change a setting: name=value (repeatable)");
  lab_cmd->add_flag("--json", lab_args.json, "Print the result as one JSON line");

  auto* examples_cmd =
      app.add_subcommand("examples", "List the built-in problems and what each one teaches");

  std::string model_path, data_dir;
  auto* eval_cmd = app.add_subcommand("eval", "Test accuracy and confusion matrix on MNIST");
  add_model_argument(eval_cmd, model_path);
  eval_cmd->add_option("--data", data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  auto* eval_digits_cmd = app.add_subcommand(
      "eval-digits", "Accuracy per class on the 1,797 UCI handwritten digits and on MNIST test");
  add_model_argument(eval_digits_cmd, model_path);
  eval_digits_cmd->add_option("--data", data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  std::size_t index = 0;
  bool json = false;
  auto* predict_cmd = app.add_subcommand("predict", "Class probabilities for one MNIST test image");
  add_model_argument(predict_cmd, model_path);
  predict_cmd->add_option("--idx-index", index, "Index of the test image (0-9999)")
      ->required()
      ->check(whole_number);
  predict_cmd->add_flag("--json", json, "Print one JSON line");
  predict_cmd->add_option("--data", data_dir, "Folder with the MNIST IDX files")
      ->check(CLI::ExistingDirectory);

  auto* info_cmd = app.add_subcommand("info", "Architecture, parameter count and size of a model");
  add_model_argument(info_cmd, model_path);

  std::string convert_out;
  auto* convert_cmd = app.add_subcommand(
      "convert", "Rewrite a model file (any readable format version) in the current format");
  add_model_argument(convert_cmd, model_path);
  convert_cmd->add_option("out", convert_out, "Where to write it")->required();

  auto* layers_cmd = app.add_subcommand("layers", "List every layer type and its fields");

  std::string export_format, export_out;
  auto* export_cmd = app.add_subcommand(
      "export", "Write a model as PyTorch code (with its loader) or as an ONNX file (opset 17)");
  add_model_argument(export_cmd, model_path);
  export_cmd->add_option("--to", export_format, "pytorch or onnx")
      ->required()
      ->check(CLI::IsMember({"pytorch", "onnx"}));
  export_cmd->add_option("--out", export_out, "Where to write it (.py or .onnx)")->required();

  std::string forward_in, forward_out;
  auto* forward_cmd = app.add_subcommand(
      "forward", "Raw outputs of a model for samples in a file (little-endian float32, both)");
  add_model_argument(forward_cmd, model_path);
  forward_cmd->add_option("inputs", forward_in, "N samples × the model's input size, float32")
      ->required()
      ->check(CLI::ExistingFile);
  forward_cmd->add_option("outputs", forward_out, "Where to write N × output size float32")
      ->required();

  CharArgs char_args;
  auto* train_chars_cmd = app.add_subcommand(
      "train-chars", "Train the character-level LSTM on the embedded Alice text, then sample");
  train_chars_cmd->add_option("--seed", char_args.seed, "Seed for weights, windows, shuffling")
      ->check(whole_number)
      ->capture_default_str();
  train_chars_cmd->add_option("--steps", char_args.steps, "Mini-batches (default: 300)")
      ->check(CLI::Range(1, 100000));
  train_chars_cmd->add_option("--out", char_args.out, "Where to save the model (.safetensors)");
  auto* sample_cmd =
      app.add_subcommand("sample", "Sample text from a character model after a prompt");
  add_model_argument(sample_cmd, char_args.model);
  sample_cmd->add_option("--prompt", char_args.prompt, "Text to start from (lower case)")
      ->required();
  sample_cmd->add_option("--count", char_args.count, "Characters to sample (1 to 2000)")
      ->check(whole_number)
      ->capture_default_str();
  sample_cmd
      ->add_option("--temperature", char_args.temperature,
                   "τ in softmax(logits / τ), 0.01 to 10: low is safe, high is wild")
      ->capture_default_str();
  sample_cmd->add_option("--seed", char_args.seed, "Seed of the sampling")
      ->check(whole_number)
      ->capture_default_str();
  sample_cmd->add_option("--unit", char_args.unit, "Also print h_t of this LSTM unit")
      ->check(whole_number);

  CLI11_PARSE(app, argc, argv);
  defaults.commit();
  try {
    if (*train_cmd) return train(train_args);
    if (*train_chars_cmd) return train_chars(char_args);
    if (*sample_cmd) return sample_chars(char_args);
    if (*compare_cmd) return compare(compare_args);
    if (*lab_cmd) return run_lab(lab_args);
    if (*examples_cmd) return examples();
    if (*eval_cmd) return evaluate_file(model_path, data_dir);
    if (*eval_digits_cmd) return evaluate_digits(model_path, data_dir);
    if (*predict_cmd) return predict(model_path, index, json, data_dir);
    if (*info_cmd) return info(model_path);
    if (*convert_cmd) return convert(model_path, convert_out);
    if (*layers_cmd) return list_layers();
    if (*export_cmd) return export_model(model_path, export_format, export_out);
    if (*forward_cmd) return forward_file(model_path, forward_in, forward_out);
  } catch (const glassbox::Error& e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "internal error: %s\n", e.what());
    return 2;
  }
  return 0;
}
