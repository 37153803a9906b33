#include <catch2/catch.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"

using namespace glassbox;
using Catch::Contains;

TEST_CASE("IDX parser reads dimensions big-endian and the bytes after them", "[idx]") {
  // magic 00 00, type 08 (u8), 2 dims: 2 × 3, then 6 bytes.
  const std::vector<std::uint8_t> bytes = {0, 0, 8, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6};
  const IdxArray array = parse_idx(bytes);
  CHECK(array.dims == std::vector<std::size_t>{2, 3});
  CHECK(array.data == std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6});
}

TEST_CASE("IDX parser rejects bad files with a clear message", "[idx]") {
  CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0, 0}), Contains("header alone needs"));
  CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0x50, 0x4b, 3, 4, 0, 0, 0, 0}),
                    Contains("IDX magic"));
  CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0, 0, 0x0D, 1, 0, 0, 0, 1, 0, 0, 0, 0}),
                    Contains("only unsigned bytes"));
  CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0, 0, 8, 1, 0, 0, 0, 5, 1, 2}),
                    Contains("need 5 bytes of data, the file has 2"));
  CHECK_THROWS_WITH(parse_idx(std::vector<std::uint8_t>{0, 0, 8, 2, 0, 0}),
                    Contains("truncated inside its header"));
}

TEST_CASE("the real MNIST test files parse to 10,000 28x28 images", "[idx]") {
  const std::string dir = find_mnist_dir();
  const IdxArray images = read_idx_file(dir + "/t10k-images-idx3-ubyte");
  const IdxArray labels = read_idx_file(dir + "/t10k-labels-idx1-ubyte");
  CHECK(images.dims == std::vector<std::size_t>{10000, 28, 28});
  CHECK(labels.dims == std::vector<std::size_t>{10000});
  CHECK(int(labels.data[0]) == 7);  // the famous first test digit
  const Dataset test = mnist_from_idx(images, labels);
  CHECK(test.count == 10000);
  CHECK(test.label(0) == 7);
  CHECK(test.inputs.size() == 10000u * 784u);
}
