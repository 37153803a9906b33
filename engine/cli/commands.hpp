#pragma once
// The CLI's subcommands. Each returns the process exit code.
#include <cstddef>
#include <cstdint>
#include <string>

namespace glassbox::cli {

struct TrainArgs {
  std::string problem = "mnist";  // mnist | xor
  std::string arch;               // default depends on the problem
  std::string activation;         // default depends on the problem
  std::string loss;               // default depends on the problem
  std::string optimizer = "adam";
  std::size_t epochs = 5;
  float learning_rate = 1e-3f;
  float lr_decay = 1.0f;  // learning rate × this after every epoch
  std::size_t batch_size = 64;
  std::uint64_t seed = 1;
  int shift = 0;          // random-shift augmentation, pixels (mnist only)
  std::size_t limit = 0;  // use only the first N training samples (0: all)
  std::string out;
  std::string data_dir;
};

int train(const TrainArgs& args);
int evaluate_file(const std::string& model_path, const std::string& data_dir);
int predict(const std::string& model_path, std::size_t index, bool json,
            const std::string& data_dir);
int info(const std::string& model_path);

}  // namespace glassbox::cli
