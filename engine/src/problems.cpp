#include "glassbox/problems.hpp"

namespace glassbox {

Dataset make_xor() {
  Dataset data;
  data.count = 4;
  data.input_size = 2;
  data.target_size = 1;
  data.inputs = {0, 0, 0, 1, 1, 0, 1, 1};
  data.targets = {0, 1, 1, 0};
  return data;
}

Dataset make_parity3() {
  Dataset data;
  data.count = 8;
  data.input_size = 3;
  data.target_size = 1;
  for (int bits = 0; bits < 8; ++bits) {
    const int a = bits >> 2 & 1, b = bits >> 1 & 1, c = bits & 1;
    data.inputs.insert(data.inputs.end(), {float(a), float(b), float(c)});
    data.targets.push_back(float(a ^ b ^ c));
  }
  return data;
}

}  // namespace glassbox
