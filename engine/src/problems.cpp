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

}  // namespace glassbox
