#pragma once
// Small built-in problems for teaching and for tests.
#include "glassbox/dataset.hpp"

namespace glassbox {

// XOR: inputs {0,1}², target a XOR b (one output). No single line separates
// the classes, so the network needs a hidden layer.
Dataset make_xor();

// Parity3: inputs {0,1}³, target 1 when an odd number of bits is set. XOR's
// big brother: every input bit flips the answer, so no bit alone tells anything.
Dataset make_parity3();

}  // namespace glassbox
