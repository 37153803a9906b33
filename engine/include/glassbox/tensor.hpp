#pragma once
// A float32 tensor: a shape and a row-major buffer that owns its data.
// Layers and kernels work on spans into such buffers; the tensor is the
// unit that crosses files and the wasm boundary.
#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace glassbox {

using Shape = std::vector<std::size_t>;

// Product of the dimensions; 1 for a scalar (empty shape).
std::size_t element_count(const Shape& shape);
// "[784, 128]"
std::string shape_to_string(const Shape& shape);

class Tensor {
public:
  Tensor() = default;
  explicit Tensor(Shape shape, float fill = 0.0f);
  Tensor(Shape shape, std::vector<float> values);

  const Shape& shape() const { return shape_; }
  std::size_t size() const { return data_.size(); }
  std::size_t dim(std::size_t axis) const;

  std::span<float> values() { return data_; }
  std::span<const float> values() const { return data_; }
  float* data() { return data_.data(); }
  const float* data() const { return data_.data(); }

  float& operator[](std::size_t i) { return data_[i]; }
  float operator[](std::size_t i) const { return data_[i]; }
  // Element (row, col) of a 2-D tensor.
  float& at(std::size_t row, std::size_t col) { return data_[row * shape_.at(1) + col]; }
  float at(std::size_t row, std::size_t col) const { return data_[row * shape_.at(1) + col]; }

private:
  Shape shape_;
  std::vector<float> data_;
};

}  // namespace glassbox
