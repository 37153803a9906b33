#include "commands.hpp"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/data/digits.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/data/sequences.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/layers/registry.hpp"
#include "glassbox/train/early_stopping.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/trainer.hpp"
#include "problems.hpp"
#include "progress.hpp"

namespace glassbox::cli {
namespace {

std::string mnist_dir(const std::string& data_dir) {
  return data_dir.empty() ? find_mnist_dir() : data_dir;
}

// Optimizer options from the flags, with the problem's defaults.
OptimizerOptions optimizer_options(const TrainArgs& args, const Problem& problem) {
  OptimizerOptions o;
  o.name = args.optimizer.value_or(problem.optimizer);
  o.learning_rate = args.learning_rate.value_or(problem.learning_rate);
  o.momentum = args.momentum;
  o.weight_decay = args.weight_decay;
  return o;
}

// The trainer's options: augmentation, regularization, clipping, schedule.
TrainOptions train_options(const TrainArgs& args, const Problem& problem, float learning_rate,
                           std::size_t batches_per_epoch, std::size_t epochs) {
  TrainOptions options{.batch_size = args.batch_size.value_or(problem.batch_size),
                       .shuffle_seed = args.seed + 1};
  if (args.shift > 0) {
    require(problem.is_image, "--shift works on images: use it with mnist");
    options.max_shift = args.shift;
    options.image_width = options.image_height = 28;
  }
  DigitAugment& augment = options.augment;
  augment.max_rotation_degrees = args.rotate;
  augment.max_scale = args.scale;
  augment.max_thickness = args.thickness;
  augment.elastic_alpha = args.elastic;
  augment.elastic_sigma = args.elastic_sigma;
  augment.max_blur = args.blur;
  augment.rescan_probability = args.rescan;
  augment.max_rescan_pen = args.rescan_pen;
  augment.rescan_stretch = args.rescan_stretch;
  augment.flag_ones = args.flag_ones;
  if (augment.any()) {
    require(problem.is_image,
            "--rotate, --scale, --thickness, --elastic, --blur, --rescan and --flag-ones work on "
            "images: use "
            "them with mnist");
    options.image_width = options.image_height = 28;
  }
  options.l1 = args.l1;
  options.l2 = args.l2;
  options.max_norm = args.max_norm;
  options.clip_norm = args.clip_norm;
  options.clip_value = args.clip_value;
  options.use_schedule = args.schedule != "constant" || args.warmup_epochs > 0;
  Schedule& s = options.schedule;
  s.kind = parse_schedule(args.schedule);
  s.base = learning_rate;
  s.gamma = args.decay_rate;
  s.period = args.decay_epochs * batches_per_epoch;
  s.warmup = args.warmup_epochs * batches_per_epoch;
  require(args.warmup_epochs < epochs, "--warmup must be shorter than --epochs");
  s.total = (epochs - args.warmup_epochs) * batches_per_epoch;
  s.minimum = args.min_lr;
  return options;
}

Architecture architecture_for(const TrainArgs& args, const Problem& problem) {
  if (args.arch_file.empty() && !problem.arch_json.empty()) {
    require(!args.arch && !args.activation && args.dropout == 0.0f && args.init.empty(),
            "a sequence task's network is a recurrent cell: use --cell, --arch-file or the "
            "default, not --arch, --activation, --dropout or --init");
    return Architecture::from_json(problem.arch_json);
  }
  if (args.arch_file.empty()) {
    return Architecture::from_sizes(
        args.arch.value_or(problem.arch), args.activation.value_or(problem.activation),
        parse_loss(args.loss.value_or(problem.loss)), args.dropout, args.init);
  }
  require(!args.arch && !args.activation && args.dropout == 0.0f && args.init.empty(),
          "--arch-file describes the whole network: drop --arch, --activation, --dropout, --init");
  const auto bytes = read_file(args.arch_file);
  try {
    return Architecture::from_json(std::string(bytes.begin(), bytes.end()));
  } catch (const Error& e) {
    throw Error(args.arch_file + ": " + e.what());
  }
}

// The model training starts from: new weights from the seed, or (--from) a
// saved model's, whose architecture must be the one this run describes.
Model initial_model(const TrainArgs& args, const Architecture& arch) {
  if (args.from.empty()) return Model(arch, args.seed);
  Model saved = load_model_file(args.from);
  const std::string theirs = saved.architecture().to_json(), ours = arch.to_json();
  require(theirs == ours, "--from " + args.from + " has a different architecture: it is " + theirs +
                              ", this run's is " + ours +
                              " (give the same --arch or --arch-file it was trained with)");
  return saved;
}

}  // namespace

int train(const TrainArgs& args) {
  Problem problem = load_problem(args.problem, args.data_dir, args.length, args.cell);
  if (args.limit > 0) problem.train = take_first(problem.train, args.limit);
  const Architecture arch = architecture_for(args, problem);
  const std::size_t epochs = args.epochs.value_or(problem.epochs);

  // Early stopping watches a validation split (the tiny problems: the training set itself).
  Dataset validation;
  if (args.early_stop > 0 && problem.train.count >= 100) {
    auto parts = split_dataset(problem.train, args.validation, args.seed + 2);
    problem.train = std::move(parts.first);
    validation = std::move(parts.second);
  } else if (args.early_stop > 0) {
    validation = problem.train;
  }

  Model model = initial_model(args, arch);
  if (!args.from.empty()) std::fprintf(stderr, "starting from %s\n", args.from.c_str());
  const OptimizerOptions optimizer_opts = optimizer_options(args, problem);
  auto optimizer = make_optimizer(optimizer_opts);
  const std::size_t batch = args.batch_size.value_or(problem.batch_size);
  const std::size_t batches_per_epoch = (problem.train.count + batch - 1) / batch;
  Trainer trainer(
      model, *optimizer, problem.train,
      train_options(args, problem, optimizer_opts.learning_rate, batches_per_epoch, epochs));
  std::optional<EarlyStopping> stopper;
  if (args.early_stop > 0) stopper.emplace(args.early_stop);

  std::fprintf(stderr,
               "training %s %s (%zu parameters) with %s, lr %g (%s schedule), batch %zu, "
               "seed %llu\n",
               args.problem.c_str(), arch.to_json().c_str(), model.parameters().size(),
               optimizer->name().c_str(), static_cast<double>(optimizer_opts.learning_rate),
               args.schedule.c_str(), batch, static_cast<unsigned long long>(args.seed));
  History history;
  for (std::size_t epoch = 1; epoch <= epochs; ++epoch) {
    // Long runs (XOR's 1000 tiny epochs) report ten times, not every epoch.
    const bool report = epochs <= 50 || epoch == epochs || epoch % (epochs / 10) == 0;
    ProgressBar bar("epoch " + std::to_string(epoch) + "/" + std::to_string(epochs),
                    problem.train.count);
    std::size_t done = 0;
    double loss_sum = 0.0;
    // Small chunks of steps keep the bar live without slowing training.
    for (std::size_t b = 0; b < batches_per_epoch; b += 10) {
      StepStats stats;
      try {
        stats = trainer.step(std::min<std::size_t>(10, batches_per_epoch - b));
      } catch (const TrainingDiverged& e) {
        bar.finish();  // the message goes on its own line, not after the bar
        if (args.out.empty()) throw;
        throw Error(std::string(e.what()) + "; " + args.out + " was not written");
      }
      done += stats.samples;
      loss_sum += double{stats.mean_loss} * static_cast<double>(stats.samples);
      if (report) bar.update(done, static_cast<float>(loss_sum / static_cast<double>(done)));
    }
    EpochRecord record{epoch, static_cast<float>(loss_sum / static_cast<double>(done)), 0.0f, 0.0};
    bool stop = false;
    if (stopper) {
      const Evaluation v = evaluate(model, validation);
      record.validation_loss = v.mean_loss;
      record.validation_accuracy = v.accuracy();
      stop = stopper->update(v.mean_loss, model);
    }
    history.push_back(record);
    if (report || stop) {
      bar.finish();
      const Evaluation test = evaluate(model, problem.test);
      std::printf("epoch %zu: train loss %.4f", epoch, static_cast<double>(record.train_loss));
      if (stopper) {
        std::printf(", validation loss %.4f (%.2f%%)", static_cast<double>(record.validation_loss),
                    100.0 * record.validation_accuracy);
      }
      std::printf(", test loss %.4f, test accuracy %.2f%%, lr %.3g (%.1f s)\n",
                  static_cast<double>(test.mean_loss), 100.0 * test.accuracy(),
                  static_cast<double>(optimizer->learning_rate()), bar.seconds());
      std::fflush(stdout);
    }
    if (stop) {
      std::printf(
          "early stop: no validation improvement for %zu epochs; restored epoch %zu "
          "(validation loss %.4f)\n",
          args.early_stop, stopper->best_evaluation(), static_cast<double>(stopper->best_loss()));
      break;
    }
  }
  if (!args.history.empty()) {
    std::string csv = "epoch,train_loss,validation_loss,validation_accuracy\n";
    char line[128];
    for (const EpochRecord& r : history) {
      std::snprintf(line, sizeof line, "%zu,%.6f,%.6f,%.6f\n", r.epoch,
                    static_cast<double>(r.train_loss), static_cast<double>(r.validation_loss),
                    r.validation_accuracy);
      csv += line;
    }
    write_file(args.history,
               std::span(reinterpret_cast<const std::uint8_t*>(csv.data()), csv.size()));
    std::printf("wrote the loss history to %s\n", args.history.c_str());
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

namespace {

// One line: overall accuracy, then each class's recall (of the samples truly
// c, the fraction read as c).
void print_per_class(const char* name, const Evaluation& result) {
  std::printf("%-12s %6.2f%% (%zu/%zu)  per class:", name, 100.0 * result.accuracy(),
              result.correct, result.count);
  for (std::size_t c = 0; c < result.classes; ++c)
    std::printf(" %zu:%.1f", c, 100.0 * result.recall(c));
  std::printf("\n");
}

}  // namespace

int evaluate_digits(const std::string& model_path, const std::string& data_dir) {
  Model model = load_model_file(model_path);
  const Dataset uci = uci_digits_mnist();
  const Dataset test = load_mnist(mnist_dir(data_dir), MnistSplit::test);
  const Evaluation on_uci = evaluate(model, uci), on_mnist = evaluate(model, test);
  // Time per input: one sample per call, as the digit page runs it.
  const auto start = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < uci.count; ++i)
    model.predict(std::span(uci.inputs).subspan(i * uci.input_size, uci.input_size), 1);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::printf("%s: %zu parameters, %.1f µs per input (one at a time, %zu inputs)\n",
              model_path.c_str(), model.parameters().size(), 1e6 * seconds / uci.count, uci.count);
  print_per_class("UCI digits", on_uci);
  print_per_class("MNIST test", on_mnist);
  std::printf("UCI confusion matrix (rows: true digit, columns: predicted):\n%s",
              on_uci.confusion_table().c_str());
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

int examples() {
  std::printf("%-13s %-15s %-10s %-9s %s\n", "problem", "group", "network", "activation",
              "what it teaches");
  for (const ProblemInfo& p : problem_catalog())
    std::printf("%-13s %-15s %-10s %-9s %s\n", p.name.c_str(), p.group.c_str(), p.arch.c_str(),
                p.activation.c_str(), p.teaches.c_str());
  std::printf("%-13s %-15s %-10s %-9s %s\n", "mnist", "images", "784-128-64-10", "relu",
              "Handwritten digits: 60,000 to learn from, 10,000 to test on.");
  std::printf(
      "\nsequence tasks (train with --cell rnn|lstm|gru and --length T, or --arch-file):\n");
  for (const SequenceTaskInfo& t : sequence_tasks())
    std::printf("%-15s T = %-4zu %s\n", t.name.c_str(), t.default_length, t.teaches.c_str());
  return 0;
}

int info(const std::string& model_path) {
  const auto bytes = read_file(model_path);
  const Model model = [&] {
    try {
      return load_safetensors(bytes);
    } catch (const Error& e) {
      throw Error(model_path + ": " + e.what());  // name the file, as load_model_file does
    }
  }();
  std::printf("architecture: %s\nparameters: %zu\nfile size: %zu bytes\n",
              model.architecture().to_json().c_str(), model.parameters().size(), bytes.size());
  return 0;
}

}  // namespace glassbox::cli

namespace glassbox::cli {

int convert(const std::string& model_path, const std::string& out_path) {
  const Model model = load_model_file(model_path);
  save_model_file(model, out_path);
  std::printf("wrote %s (format version %d)\n", out_path.c_str(), model_format_version);
  return 0;
}

int list_layers() {
  for (const LayerType& type : layer_types()) {
    std::printf("%-12s %s\n", type.name.c_str(), type.summary.c_str());
    for (const FieldInfo& f : type.fields) {
      std::string detail;
      switch (f.kind) {
        case FieldKind::count:
        case FieldKind::number: {
          char range[64];
          std::snprintf(range, sizeof range, "%s %g..%g%s",
                        f.kind == FieldKind::count ? "whole" : "number", f.min, f.max,
                        f.max_exclusive ? " (exclusive)" : "");
          detail = range;
          break;
        }
        case FieldKind::flag:
          detail = "true or false";
          break;
        case FieldKind::text:
          for (const auto& c : f.choices) detail += (detail.empty() ? "" : "|") + c;
          break;
        case FieldKind::layers:
          detail = "list of layers";
          break;
      }
      std::string fallback;
      if (!f.required && f.kind != FieldKind::layers) {
        if (const auto* t = std::get_if<std::string>(&f.fallback)) {
          fallback = ", default " + *t;
        } else if (f.kind == FieldKind::flag) {
          fallback = std::get<double>(f.fallback) != 0.0 ? ", default true" : ", default false";
        } else {
          char number[32];
          std::snprintf(number, sizeof number, ", default %g", std::get<double>(f.fallback));
          fallback = number;
        }
      }
      std::printf("    %-10s %s%s%s\n", f.name.c_str(), detail.c_str(),
                  f.required ? ", required" : "", fallback.c_str());
    }
  }
  return 0;
}

}  // namespace glassbox::cli
