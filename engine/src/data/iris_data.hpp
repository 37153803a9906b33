#pragma once
// The Iris measurements, embedded so the problem works in wasm with no files.
namespace glassbox::data {

struct IrisRow {
  float sepal_length, sepal_width, petal_length, petal_width;
  int label;
};
extern const IrisRow iris_rows[150];

}  // namespace glassbox::data
