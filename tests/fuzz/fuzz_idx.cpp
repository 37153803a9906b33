// libFuzzer target: IDX files through parse_idx, then (when the shapes fit)
// mnist_from_idx with the same bytes as images and the first byte of data as
// labels. Only glassbox::Error may escape.
#include <cstddef>
#include <cstdint>
#include <span>

#include "glassbox/core/error.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    const glassbox::IdxArray array = glassbox::parse_idx(std::span(data, size));
    if (array.dims.size() == 3) {
      // Labels as parse_idx would give them (data size == dims[0]), at most
      // as many as a real label file of this input's size could hold.
      glassbox::IdxArray labels;
      const std::size_t count = array.dims[0] <= size ? array.dims[0] : 1;
      labels.dims = {count};
      labels.data.assign(count, array.data.empty() ? 0 : array.data[0] % 11);
      glassbox::mnist_from_idx(array, labels).validate();
    }
  } catch (const glassbox::Error&) {
  }
  return 0;
}
