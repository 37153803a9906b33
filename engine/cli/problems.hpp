#pragma once
// The problems the CLI trains on, with the defaults that work for each.
#include <string>

#include "glassbox/core/dataset.hpp"

namespace glassbox::cli {

struct Problem {
  Dataset train, test;
  std::string arch, activation, loss, optimizer;
  float learning_rate;
  std::size_t epochs, batch_size;
  bool is_image = false;  // 28×28, so shift augmentation applies
  // Sequence tasks: the default architecture as JSON (a recurrent cell), used
  // instead of `arch` when no --arch-file is given.
  std::string arch_json{};
};

// "mnist" (data from `data_dir`, or found automatically), any built-in
// problem of glassbox/problems.hpp, or a sequence task of
// glassbox/data/sequences.hpp (of `length` steps, 0: its default, with a
// `cell` network by default).
Problem load_problem(const std::string& name, const std::string& data_dir, std::size_t length = 0,
                     const std::string& cell = "lstm");

}  // namespace glassbox::cli
