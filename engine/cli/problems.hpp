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
};

// "mnist" (data from `data_dir`, or found automatically), or any built-in
// problem of glassbox/problems.hpp.
Problem load_problem(const std::string& name, const std::string& data_dir);

}  // namespace glassbox::cli
