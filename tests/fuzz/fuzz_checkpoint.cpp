// libFuzzer target: training checkpoints (checkpoint.hpp) through
// load_checkpoint into a small run (XOR, 2-3-1 tanh, Adam, batch 2, model seed
// 1, shuffle seed 2: the setup of the seed corpus, written by the wasm engine
// with the same settings). A checkpoint that loads is trained on for two more
// steps, so a restored order, position or buffer that passed the checks but
// does not fit would show under ASan. Only glassbox::Error may escape.
#include <cstddef>
#include <cstdint>
#include <span>

#include "glassbox/core/error.hpp"
#include "glassbox/data/problems.hpp"
#include "glassbox/train/checkpoint.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  using namespace glassbox;
  static const Dataset xor_data = make_xor();
  Model model(Architecture::from_sizes("2-3-1", "tanh", LossKind::mse), 1);
  auto optimizer = make_optimizer("adam", 1e-3f);
  Trainer trainer(model, *optimizer, xor_data, {.batch_size = 2, .shuffle_seed = 2});
  try {
    load_checkpoint(std::span(data, size), model, *optimizer, trainer, xor_data);
    trainer.step(2);
    save_checkpoint(model, *optimizer, trainer, xor_data);
  } catch (const Error&) {
  }
  return 0;
}
