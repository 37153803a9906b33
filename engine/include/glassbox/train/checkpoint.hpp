#pragma once
// A training run as bytes, to continue it later (a closed browser tab, a
// stopped CLI): the model's parameters and state buffer, the optimizer's
// buffers and step count, and the trainer's position (this epoch's shuffled
// order, its random generator, the step counters, the divergence reference
// and last good weights). Restored into a run started with the same
// architecture, options and data, the next steps are bit-identical to the
// ones the saved run would have taken.
//
// Layout (little-endian): the 8 bytes "GBTRAIN1", a u32 section count, then
// per section a u16 name length, the name, a u8 kind (1 f32, 2 u32, 3 u64,
// 4 text), a u64 element count and the elements. Every size is checked
// against the bytes left before anything is read.
#include <cstdint>
#include <span>
#include <vector>

#include "glassbox/core/dataset.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace glassbox {

// Throws Error for a diverged run, or a model with dropout (its masks' random
// generators live in the layers and are not saved yet).
std::vector<std::uint8_t> save_checkpoint(const Model& model, const Optimizer& optimizer,
                                          const Trainer& trainer, const Dataset& data);

// Throws Error naming the problem (not a checkpoint, truncated, another
// architecture, optimizer or data set) and then changes nothing.
void load_checkpoint(std::span<const std::uint8_t> bytes, Model& model, Optimizer& optimizer,
                     Trainer& trainer, const Dataset& data);

// FNV-1a (64-bit) over the data's sizes and values: a resumed run must see the same data.
std::uint64_t data_fingerprint(const Dataset& data);

}  // namespace glassbox
