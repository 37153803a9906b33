// Same seed → same weights, natively and in wasm: a CNN and an MLP trained
// with Adam for a few steps must end with parameters whose bits hash to the
// same golden value in every build. This suite runs natively (with
// -march=native, see GLASSBOX_NATIVE_ARCH) and compiled to wasm in node, so a
// fused multiply-add, a reordered sum or a width-dependent kernel in either
// build changes the hash and fails here. (Checked on 2026-12-01: Adam
// multiplying by 1/(1 − β₁ᵗ) instead of dividing, or matmul.cpp built with
// -ffp-contract=fast -march=native, changes both hashes.)
#include <catch2/catch.hpp>
#include <cstdint>
#include <cstring>

#include "glassbox/core/rng.hpp"
#include "glassbox/model/architecture.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

namespace {

// FNV-1a over the bit patterns of the floats.
std::uint64_t hash_bits(std::span<const float> values) {
  std::uint64_t h = 1469598103934665603ull;
  for (const float v : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    for (int byte = 0; byte < 4; ++byte) {
      h ^= (bits >> (8 * byte)) & 0xffu;
      h *= 1099511628211ull;
    }
  }
  return h;
}

// 96 random 12×12 "images" in [0, 1) with half the pixels 0 (so the
// zero-skipping paths run), and 4 classes.
Dataset random_images() {
  Rng rng(5);
  Dataset d;
  d.count = 96;
  d.input_size = 144;
  d.target_size = 4;
  d.inputs.resize(d.count * d.input_size);
  for (float& x : d.inputs) x = rng.uniform() < 0.5 ? 0.0f : static_cast<float>(rng.uniform());
  d.targets.assign(d.count * d.target_size, 0.0f);
  for (std::size_t i = 0; i < d.count; ++i) d.targets[i * 4 + i % 4] = 1.0f;
  return d;
}

std::uint64_t train_and_hash(const Architecture& arch) {
  const Dataset data = random_images();
  Model model(arch, 3);
  Adam adam(0.01f);
  Trainer trainer(model, adam, data, {.batch_size = 16, .shuffle_seed = 2});
  trainer.step(12);
  return hash_bits(model.parameters());
}

}  // namespace

TEST_CASE("training gives the same weight bits in every build (native and wasm)",
          "[training][determinism]") {
  const auto mlp = Architecture::from_sizes("144-40-24-4", "relu", LossKind::softmax_cross_entropy);
  const auto cnn =
      Architecture::from_json(R"({"input": [1, 12, 12], "loss": "softmax_cross_entropy",
    "layers": [{"type": "conv2d", "filters": 6, "kernel": 3, "padding": 1}, {"type": "relu"},
               {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
               {"type": "dense", "units": 4}]})");
  // Golden values from the portable (-march=x86-64) native build of main
  // before the register-blocked kernels (2026-12-01): the new kernels, the
  // AVX build and wasm all reproduce them bit for bit.
  CHECK(train_and_hash(mlp) == 0x9fa45cc3ed06876bull);
  CHECK(train_and_hash(cnn) == 0x9c6c0a9df51a21b6ull);
}
