#pragma once
// The CLI's subcommands. Each returns the process exit code.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace glassbox::cli {

struct TrainArgs {
  std::string problem = "mnist";  // mnist or a built-in problem (problems.hpp)
  // Unset: the problem's default (problems.hpp).
  std::optional<std::string> arch, activation, loss, optimizer;
  std::string arch_file;  // a JSON architecture (architecture.hpp); replaces --arch etc.
  std::optional<std::size_t> epochs, batch_size;
  std::optional<float> learning_rate;
  std::string init;  // empty: He for the ReLU family, Xavier otherwise
  float momentum = 0.9f;
  float weight_decay = 0.0f;  // AdamW's λ
  float dropout = 0.0f;
  float l1 = 0.0f, l2 = 0.0f, max_norm = 0.0f;
  std::string schedule = "constant";
  float decay_rate = 0.1f;        // γ of step / exponential
  std::size_t decay_epochs = 1;   // their period, in epochs
  float min_lr = 0.0f;            // cosine floor
  std::size_t warmup_epochs = 0;  // linear warmup before the schedule
  float clip_norm = 0.0f, clip_value = 0.0f;
  std::size_t early_stop = 0;  // patience in epochs; 0: off
  double validation = 0.1;     // fraction held out for early stopping
  std::uint64_t seed = 1;
  int shift = 0;  // random-shift augmentation, pixels (mnist only)
  // Digit augmentation (train/augment.hpp), mnist only; 0 turns each off.
  float rotate = 0.0f, scale = 0.0f, thickness = 0.0f, elastic = 0.0f, elastic_sigma = 4.0f,
        blur = 0.0f, rescan = 0.0f;
  int rescan_pen = 0;
  float rescan_stretch = 0.0f;  // probability that a rescan stretches the digit's box
  float flag_ones = 0.0f;       // probability that a 1 gets a long flag
  // Start from this saved model's weights (same architecture) instead of a
  // fresh initialization; the optimizer's state starts fresh.
  std::string from;
  std::size_t limit = 0;  // use only the first N training samples (0: all)
  std::string out;
  std::string history;  // CSV of per-epoch losses, if given
  std::string data_dir;
  std::size_t length = 0;     // sequence tasks: T (0: the task's default)
  std::string cell = "lstm";  // sequence tasks without --arch-file: rnn, lstm, gru
};

struct CompareArgs {
  std::string what = "optimizers";
  std::string problem = "parity3";
  std::size_t seeds = 5;
  float target_loss = 0.01f;
  std::size_t max_epochs = 5000;  // optimizers: give up after this many
  std::size_t epochs = 5;         // depth: epochs to train each network
  // recurrent: a sequence task (adding when empty); attention: one task (all
  // when empty); positional: the task (reverse when empty).
  std::string task;
  // recurrent: its lengths and cells; steps 0: each cell's default.
  std::string lengths = "10,25,50,100";
  std::string cells = "rnn,lstm,gru";
  std::size_t steps = 0;
  bool curriculum = false;    // parity: the length curriculum of sequence_run.hpp
  std::uint64_t seed = 1;     // attention, positional: weights, data and shuffling
  std::size_t max_steps = 0;  // attention, positional: 0 = the task's default
};

// `glassbox lab`: one experiment of the Lab (glassbox/lab/lab.hpp).
struct LabArgs {
  std::string experiment;
  std::vector<std::string> settings;  // "name=value"
  bool json = false;
};
int run_lab(const LabArgs& args);

// `glassbox train-chars` and `glassbox sample` (chars.cpp).
struct CharArgs {
  std::uint64_t seed = 1;
  std::size_t steps = 0;  // 0: the default (char_defaults)
  std::string out;
  std::string model, prompt;
  std::size_t count = 200;
  double temperature = 1.0;
  std::optional<std::size_t> unit;  // print h_t of this LSTM unit per character
};
int train_chars(const CharArgs& args);
int sample_chars(const CharArgs& args);

int train(const TrainArgs& args);
int compare(const CompareArgs& args);
int compare_depth(const CompareArgs& args);
int compare_cnn_mlp(const CompareArgs& args);
int compare_recurrent(const CompareArgs& args);
int compare_attention(const CompareArgs& args);
int compare_positional(const CompareArgs& args);
int evaluate_file(const std::string& model_path, const std::string& data_dir);
// Accuracy, per class, on the 1,797 UCI digits (data/digits.hpp) and on the
// 10,000 MNIST test images; parameters and time per input.
int evaluate_digits(const std::string& model_path, const std::string& data_dir);
int predict(const std::string& model_path, std::size_t index, bool json,
            const std::string& data_dir);
int info(const std::string& model_path);
// Loads a model file and saves it in the current format version.
int convert(const std::string& model_path, const std::string& out_path);
// Prints the layer registry: every type, its fields, ranges and defaults.
int list_layers();
// Writes the model as a PyTorch module ("pytorch") or an ONNX file ("onnx").
int export_model(const std::string& model_path, const std::string& format,
                 const std::string& out_path);
// Runs the model (evaluation mode) on raw little-endian float32 samples and
// writes its raw outputs the same way.
inline constexpr std::size_t max_forward_samples = 100000;
int forward_file(const std::string& model_path, const std::string& inputs_path,
                 const std::string& outputs_path);
int examples();

}  // namespace glassbox::cli
