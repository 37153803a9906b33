// Convolution, pooling, normalization and residual layers: gradients, values
// computed by hand, the fast convolution against its naive reference, and
// save/load round trips.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/kernels/conv.hpp"
#include "glassbox/layers/batchnorm.hpp"
#include "glassbox/layers/conv2d.hpp"
#include "glassbox/layers/flatten.hpp"
#include "glassbox/layers/layernorm.hpp"
#include "glassbox/layers/pool2d.hpp"
#include "glassbox/layers/registry.hpp"
#include "glassbox/layers/residual.hpp"
#include "gradcheck.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;
using glassbox::testing::check_layer_gradients;
using glassbox::testing::gradient_tolerance;

namespace {

LayerSpec spec(const std::string& type) {
  return checked_spec(LayerSpec{type}, "test: ");
}

LayerSpec conv(std::size_t filters, std::size_t kernel, std::size_t stride = 1,
               std::size_t padding = 0) {
  return checked_spec({"conv2d",
                       {{"filters", double(filters)},
                        {"kernel", double(kernel)},
                        {"stride", double(stride)},
                        {"padding", double(padding)}}},
                      "test: ");
}

}  // namespace

TEST_CASE("image and normalization layers pass the gradient check", "[gradient][cnn]") {
  SECTION("conv2d, stride 1 with padding") {
    Conv2D layer({2, 5, 5}, 3, 3, 1, 1, Init::he_normal);
    const auto e = check_layer_gradients(layer, 2, 31);
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("conv2d, stride 2 without padding") {
    Conv2D layer({1, 6, 6}, 2, 2, 2, 0, Init::xavier_uniform);
    const auto e = check_layer_gradients(layer, 2, 32);
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("max pooling") {
    Pool2D layer(Pool2D::Kind::max, {2, 4, 4}, 2);
    CHECK(check_layer_gradients(layer, 2, 33).input < gradient_tolerance);
  }
  SECTION("average pooling") {
    Pool2D layer(Pool2D::Kind::average, {2, 4, 6}, 2);
    CHECK(check_layer_gradients(layer, 2, 34).input < gradient_tolerance);
  }
  SECTION("flatten") {
    Flatten layer({2, 3, 3});
    CHECK(check_layer_gradients(layer, 2, 35).input < gradient_tolerance);
  }
  SECTION("batchnorm in training mode, on images and on features") {
    for (const Shape& shape : {Shape{3, 2, 2}, Shape{5}}) {
      BatchNorm layer(shape);
      layer.set_training(true);
      const auto e = check_layer_gradients(layer, 4, 36);
      CHECK(e.input < gradient_tolerance);
      CHECK(e.parameters < gradient_tolerance);
    }
  }
  SECTION("batchnorm in eval mode") {
    BatchNorm layer({3, 2, 2});
    const auto e = check_layer_gradients(layer, 3, 37);
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("layernorm") {
    LayerNorm layer({6});
    const auto e = check_layer_gradients(layer, 3, 38);
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("residual with an identity skip") {
    const LayerSpec dense =
        checked_spec({"dense", {{"units", 4.0}, {"init", "xavier_uniform"}}}, "test: ");
    Residual layer({4}, {dense, spec("tanh"), dense});
    const auto e = check_layer_gradients(layer, 2, 39);
    CHECK_FALSE(layer.has_projection());
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("residual with a dense projection and layernorm") {
    const LayerSpec dense =
        checked_spec({"dense", {{"units", 3.0}, {"init", "xavier_uniform"}}}, "test: ");
    Residual layer({5}, {dense, spec("layernorm"), spec("sigmoid")});
    const auto e = check_layer_gradients(layer, 2, 40);
    CHECK(layer.has_projection());
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
  SECTION("residual with a strided 1×1 convolution projection") {
    Residual layer({2, 4, 4}, {conv(3, 3, 2, 1), spec("relu")});
    const auto e = check_layer_gradients(layer, 2, 41);
    CHECK(layer.has_projection());
    CHECK(layer.output_shape() == Shape{3, 2, 2});
    CHECK(e.input < gradient_tolerance);
    CHECK(e.parameters < gradient_tolerance);
  }
}

TEST_CASE("2×2 max pooling (unrolled) equals the window maximum, ties and odd sizes included",
          "[cnn][kernels]") {
  // 3 channels of 5×7: the last row and column are outside every window.
  // Values are whole numbers in 0…3, so windows often hold ties.
  Rng rng(51);
  const PoolGeometry g{3, 5, 7, 2};
  std::vector<float> x(3 * 5 * 7);
  for (float& v : x) v = std::floor(rng.uniform(0.0f, 4.0f));
  std::vector<float> y(3 * 2 * 3);
  max_pool_forward(x, y, g);
  for (std::size_t c = 0; c < 3; ++c)
    for (std::size_t i = 0; i < 2; ++i)
      for (std::size_t j = 0; j < 3; ++j) {
        const auto at = [&](std::size_t u, std::size_t v) {
          return x[(c * 5 + 2 * i + u) * 7 + 2 * j + v];
        };
        const float expected = std::max({at(0, 0), at(0, 1), at(1, 0), at(1, 1)});
        CHECK(y[(c * 2 + i) * 3 + j] == expected);
      }
}

TEST_CASE("the im2col convolution equals the naive sum, forward and backward", "[cnn][kernels]") {
  Rng rng(50);
  // Padding at stride 1, 2 and 3 (im2col's valid column ranges), a kernel
  // wider than the unpadded input, a 1×1 kernel, and the benchmark's small
  // CNN (8 filters: B read in place; 16 filters: B packed).
  for (const ConvGeometry g :
       {ConvGeometry{1, 7, 7, 4, 3, 1, 1}, ConvGeometry{3, 9, 8, 5, 5, 2, 2},
        ConvGeometry{2, 4, 4, 3, 1, 1, 0}, ConvGeometry{2, 7, 6, 3, 4, 3, 3},
        ConvGeometry{1, 2, 3, 2, 5, 1, 2}, ConvGeometry{1, 28, 28, 8, 5, 1, 0},
        ConvGeometry{8, 12, 12, 16, 5, 1, 0}}) {
    std::vector<float> x(g.channels * g.height * g.width), w(g.filters * g.patch_size()),
        b(g.filters), dy(g.filters * g.out_pixels());
    for (auto* v : {&x, &w, &b, &dy})
      for (float& f : *v) f = rng.uniform(-1.0f, 1.0f);
    std::vector<float> y(dy.size()), y_naive(dy.size());
    std::vector<float> scratch(g.patch_size() * g.out_pixels()), dcols(scratch.size());
    conv2d_forward(x, w, b, y, g, scratch);
    conv2d_forward_naive(x, w, b, y_naive, g);
    std::vector<float> dw(w.size(), 0.0f), db(b.size(), 0.0f), dx(x.size());
    std::vector<float> dw_n(w.size(), 0.0f), db_n(b.size(), 0.0f), dx_n(x.size());
    conv2d_backward(x, w, dy, dw, db, dx, g, scratch, dcols);
    conv2d_backward_naive(x, w, dy, dw_n, db_n, dx_n, g);
    const auto close = [](const std::vector<float>& a, const std::vector<float>& c) {
      for (std::size_t i = 0; i < a.size(); ++i)
        if (std::abs(a[i] - c[i]) > 1e-4f) return false;
      return true;
    };
    CHECK(close(y, y_naive));
    CHECK(close(dw, dw_n));
    CHECK(close(db, db_n));
    CHECK(close(dx, dx_n));
  }
}

TEST_CASE("image layers on values computed by hand", "[cnn]") {
  // A 3×3 image, one 2×2 filter [[1, 0], [0, −1]], bias 0.5: y = x[i][j] − x[i+1][j+1] + 0.5.
  Conv2D c({1, 3, 3}, 1, 2, 1, 0, Init::zeros);
  std::vector<float> params = {1, 0, 0, -1, 0.5f}, grads(5);
  c.bind(params, grads);
  std::vector<float> workspace(c.workspace_size(1));
  c.bind_buffers({}, workspace, 1);
  std::vector<float> y(4);
  c.forward(std::vector<float>{1, 2, 3, 4, 5, 6, 7, 8, 9}, y, 1);
  CHECK(y == std::vector<float>{1 - 5 + 0.5f, 2 - 6 + 0.5f, 4 - 8 + 0.5f, 5 - 9 + 0.5f});

  const std::vector<float> image = {1, 5, 2, 0,  //
                                    3, 4, 8, 1,  //
                                    0, 0, 1, 1,  //
                                    9, 2, 1, 3};
  Pool2D max_pool(Pool2D::Kind::max, {1, 4, 4}, 2), avg_pool(Pool2D::Kind::average, {1, 4, 4}, 2);
  std::vector<float> pooled(4);
  max_pool.forward(image, pooled, 1);
  CHECK(pooled == std::vector<float>{5, 8, 9, 3});
  avg_pool.forward(image, pooled, 1);
  CHECK(pooled == std::vector<float>{13 / 4.0f, 11 / 4.0f, 11 / 4.0f, 6 / 4.0f});
  std::vector<float> dx(16);
  max_pool.backward(image, pooled, std::vector<float>{1, 2, 3, 4}, dx, 1);
  CHECK(dx == std::vector<float>{0, 1, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 3, 0, 0, 4});

  // BatchNorm (training) of one feature over the batch (1, 3): μ = 2, σ² = 2/3.
  BatchNorm bn({1});
  std::vector<float> bn_params(2), bn_grads(2), bn_state(2);
  bn.bind(bn_params, bn_grads);
  bn.bind_state(bn_state);
  std::vector<float> bn_cache(bn.cache_size(3));
  bn.bind_buffers(bn_cache, {}, 3);
  Rng rng(1);
  bn.initialize(rng);
  bn.set_training(true);
  std::vector<float> normalized(3);
  bn.forward(std::vector<float>{1, 2, 3}, normalized, 3);
  const double s = std::sqrt(2.0 / 3.0 + 1e-5);
  CHECK_THAT(normalized[0], WithinAbs(-1.0 / s, 1e-5));
  CHECK_THAT(normalized[1], WithinAbs(0.0, 1e-6));
  CHECK_THAT(normalized[2], WithinAbs(1.0 / s, 1e-5));
  CHECK_THAT(bn_state[0], WithinAbs(0.1 * 2.0, 1e-6));        // running mean: 0.9·0 + 0.1·2
  CHECK_THAT(bn_state[1], WithinAbs(0.9 + 0.1 * 1.0, 1e-6));  // running var: unbiased var is 1

  // LayerNorm of (1, 2, 3, 6): μ = 3, σ² = 3.5.
  LayerNorm ln({4});
  std::vector<float> ln_params(8), ln_grads(8);
  ln.bind(ln_params, ln_grads);
  ln.initialize(rng);
  std::vector<float> ln_out(4);
  ln.forward(std::vector<float>{1, 2, 3, 6}, ln_out, 1);
  CHECK_THAT(ln_out[0], WithinAbs(-2.0 / std::sqrt(3.5 + 1e-5), 1e-5));
  CHECK_THAT(ln_out[3], WithinAbs(3.0 / std::sqrt(3.5 + 1e-5), 1e-5));

  // Residual with an identity skip: y = F(x) + x, with F = relu.
  Residual res({3}, {spec("relu")});
  std::vector<float> res_cache(res.cache_size(1)), res_workspace(res.workspace_size(1));
  res.bind_buffers(res_cache, res_workspace, 1);
  std::vector<float> r(3);
  res.forward(std::vector<float>{-1, 2, 0.5f}, r, 1);
  CHECK(r == std::vector<float>{-1, 4, 1});
}

TEST_CASE("a CNN with every layer type survives a save/load round trip", "[cnn][safetensors]") {
  Architecture arch = Architecture::from_json(R"({
    "input": [1, 8, 8], "loss": "softmax_cross_entropy", "layers": [
      {"type": "conv2d", "filters": 4, "kernel": 3, "padding": 1}, {"type": "batchnorm"},
      {"type": "relu"}, {"type": "maxpool2d", "size": 2},
      {"type": "residual", "layers": [{"type": "conv2d", "filters": 6, "kernel": 3, "padding": 1},
                                      {"type": "relu"}]},
      {"type": "avgpool2d", "size": 2}, {"type": "flatten"}, {"type": "layernorm"},
      {"type": "dropout", "rate": 0.25}, {"type": "dense", "units": 3}]})");
  Model model(arch, 7);
  // Make the BatchNorm state non-trivial, as after training.
  model.set_training(true);
  std::vector<float> batch(2 * 64);
  Rng rng(3);
  for (float& v : batch) v = rng.uniform(0.0f, 1.0f);
  model.forward(batch, 2);
  model.set_training(false);
  CHECK(model.state().size() == 8);  // running mean and var of 4 channels
  CHECK(model.state()[0] != 0.0f);

  const auto bytes = save_safetensors(model);
  Model loaded = load_safetensors(bytes);
  CHECK(save_safetensors(loaded) == bytes);
  CHECK(loaded.architecture().to_json() == model.architecture().to_json());
  const std::vector<float> x(batch.begin(), batch.begin() + 64);
  CHECK(loaded.predict(x, 1) == model.predict(x, 1));
  CHECK(model.layer(4).output_shape() == Shape{6, 4, 4});
}

TEST_CASE("impossible or absurd CNN architectures are rejected by layer", "[cnn][architecture]") {
  using Catch::Contains;
  const auto build = [](const std::string& layers, const std::string& input = "[1, 3, 3]") {
    return Architecture::from_json(R"({"input": )" + input + R"(, "layers": [)" + layers + "]}");
  };
  CHECK_THROWS_WITH(build(R"({"type": "conv2d", "filters": 2, "kernel": 5})"),
                    Contains("layer 0: conv2d kernel 5×5 does not fit a 3×3 input with padding 0"));
  CHECK_THROWS_WITH(build(R"({"type": "flatten"}, {"type": "conv2d", "filters": 2, "kernel": 1})"),
                    Contains("layer 1: conv2d needs an image input"));
  CHECK_THROWS_WITH(
      build(R"({"type": "conv2d", "filters": 100000, "kernel": 3, "padding": 1})"),
      Contains("layer 0: conv2d \"filters\" must be a whole number in 1..1024, got 100000"));
  CHECK_THROWS_WITH(build(R"({"type": "maxpool2d", "size": 4})"),
                    Contains("layer 0: a 4×4 pool does not fit a 3×3 input"));
  CHECK_THROWS_WITH(build(R"({"type": "teleport"})"),
                    Contains("layer 0: unknown layer type 'teleport'"));
  CHECK_THROWS_WITH(
      build(R"({"type": "dense", "units": 4}, {"type": "residual", "layers":
                             [{"type": "dense", "units": 0}]})"),
      Contains("layer 1.0: dense \"units\" must be a whole number in 1..65536, got 0"));
  CHECK_THROWS_WITH(build(R"({"type": "dense", "units": 4})", "[1, 100000, 100000]"),
                    Contains("input [1, 100000, 100000] must hold 1..1048576 values"));
  CHECK_THROWS_WITH(build(R"({"type": "conv2d", "filters": 2, "kernel": "big"})"),
                    Contains(R"(layer 0: conv2d "kernel" must be a number, got "big")"));
}
