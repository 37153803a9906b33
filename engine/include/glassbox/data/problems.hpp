#pragma once
// The built-in problems: gates and circuits, small classification sets, Iris
// and seeded 2-D toy sets. Each comes with a short text on what it teaches and
// known-good defaults (architecture, activation, loss, optimizer, learning
// rate, epochs, batch size) that the tests hold to their promised results.
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/core/dataset.hpp"

namespace glassbox {

struct ProblemInfo {
  std::string name;     // "xor"
  std::string group;    // "gates", "circuits", "classification", "2d"
  std::string teaches;  // one or two sentences for the page and `glassbox examples`
  std::string arch;     // default layer sizes, "2-4-1"
  std::string activation;
  std::string loss;
  std::string optimizer;
  float learning_rate;
  std::size_t epochs, batch_size;
};

// Options for the generated sets (ignored by the fixed truth tables).
struct ProblemOptions {
  std::uint64_t seed = 1;
  std::size_t samples = 400;  // training points of a 2-D set; the test set is half as large
  float noise = 0.1f;         // 2-D sets: Gaussian jitter, in units of the set's scale
  std::size_t classes = 3;    // blobs: 2..5
};

struct ProblemData {
  Dataset train, test;  // truth tables are their own test set
};

// Every problem, in the order `glassbox examples` lists them.
const std::vector<ProblemInfo>& problem_catalog();
// Throws Error listing the known names.
const ProblemInfo& find_problem(const std::string& name);
ProblemData make_problem(const std::string& name, const ProblemOptions& options = {});

// The two classic ones, also used directly by tests.
Dataset make_xor();
Dataset make_parity3();

}  // namespace glassbox
