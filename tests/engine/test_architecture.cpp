#include <catch2/catch.hpp>

#include "glassbox/core/error.hpp"
#include "glassbox/model/architecture.hpp"

using namespace glassbox;
using Catch::Contains;

TEST_CASE("layer sizes become dense layers with activations between", "[architecture]") {
  const auto arch =
      Architecture::from_sizes("784-128-64-10", "relu", LossKind::softmax_cross_entropy);
  REQUIRE(arch.layers.size() == 5);
  CHECK(arch.layers[0].type == "dense");
  CHECK(arch.layers[0].count("units") == 128);
  CHECK(arch.layers[0].text("init") == "he_normal");
  CHECK(arch.layers[1].type == "relu");
  CHECK(arch.layers[4].count("units") == 10);
  CHECK(arch.output_size() == 10);
  CHECK(Architecture::from_json(arch.to_json()).to_json() == arch.to_json());
}

TEST_CASE("bad architectures are rejected with the layer index", "[architecture]") {
  CHECK_THROWS_WITH(Architecture::from_sizes("784-abc-10", "relu", LossKind::mse),
                    Contains("expected a whole number"));
  CHECK_THROWS_WITH(Architecture::from_sizes("784", "relu", LossKind::mse),
                    Contains("at least an input and an output"));
  CHECK_THROWS_WITH(Architecture::from_sizes("784-0-10", "relu", LossKind::mse),
                    Contains("layer 0: dense \"units\" must be a whole number in 1..65536, got 0"));
  CHECK_THROWS_WITH(Architecture::from_sizes("784-10", "tanhh", LossKind::mse),
                    Contains("unknown activation"));
  CHECK_THROWS_WITH(
      Architecture::from_json(R"({"input": 4, "layers": [{"type": "dense", "units": 3},
                                                         {"type": "conv9"}]})"),
      Contains("layer 1: unknown layer type 'conv9'"));
  CHECK_THROWS_WITH(Architecture::from_json("{not json"), Contains("not valid JSON"));
  CHECK_THROWS_WITH(
      Architecture::from_json(R"({"input": 4, "layers": [{"type": "dense",
                                                "units": 100000000}]})"),
      Contains("layer 0: dense \"units\" must be a whole number in 1..65536, got 100000000"));
  // 3.6 G weights: over the per-buffer limit before the parameter limit is reached.
  CHECK_THROWS_WITH(Architecture::from_sizes("60000-60000-10", "relu", LossKind::mse),
                    "layer 0: dense weight is too large: 60000 × 60000 = 3600000000 values; the "
                    "limit is 268435456 (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
  // 1024 → 65536: 67.2 M parameters, a buffer under that limit but over 64 Mi.
  CHECK_THROWS_WITH(Architecture::from_sizes("1024-65536-2", "relu", LossKind::mse),
                    "layer 0: the model would have over 67108864 parameters");
}

TEST_CASE("parameter_count is known before any weight is built", "[architecture]") {
  // By hand: 784·128 + 128 + 128·64 + 64 + 64·10 + 10.
  CHECK(Architecture::from_sizes("784-128-64-10", "relu", LossKind::softmax_cross_entropy)
            .parameter_count() == 109386);
  // The fuzzer's slow input: conv 512 filters 2×2 on [1, 282, 8] (512·4 + 512), pool to
  // [512, 140, 3], dense 215,040 → 127 (+127), dense 127 → 10 (+10).
  const auto wide =
      Architecture::from_json(R"({"input": [1, 282, 8], "loss": "softmax_cross_entropy",
    "layers": [{"type": "conv2d", "filters": 512, "kernel": 2}, {"type": "relu"},
               {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
               {"type": "dense", "units": 127}, {"type": "relu"}, {"type": "dense", "units": 10}]})");
  CHECK(wide.parameter_count() == 2560u + 215040u * 127u + 127u + 1270u + 10u);
}
