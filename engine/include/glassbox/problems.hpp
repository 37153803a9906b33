#pragma once
// Small built-in problems for teaching and for tests.
#include "glassbox/dataset.hpp"

namespace glassbox {

// XOR: inputs {0,1}², target a XOR b (one output). No single line separates
// the classes, so the network needs a hidden layer.
Dataset make_xor();

}  // namespace glassbox
