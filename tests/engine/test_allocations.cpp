// A training step allocates nothing: the model's arena, the optimizer's
// state and the trainer's batch buffers are sized on the first step and
// reused. This binary replaces the global operator new to count every heap
// allocation made while 100 steps run.
#define CATCH_CONFIG_MAIN
#include <execinfo.h>
#include <unistd.h>

#include <atomic>
#include <catch2/catch.hpp>
#include <cstdlib>
#include <cstring>
#include <new>

#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

namespace {

std::atomic<bool> counting{false};
std::atomic<std::size_t> allocations{0};
std::atomic<bool> show_where{true};   // off for the test that allocates on purpose
std::atomic<std::size_t> largest{0};  // the largest single allocation while counting

void note_allocation(std::size_t size = 0) {
  if (!counting.load(std::memory_order_relaxed)) return;
  if (size > largest.load()) largest = size;
  if (allocations.fetch_add(1) == 0 && show_where) {
    // Show where the first one came from: a failing run names the culprit.
    counting = false;
    void* frames[24];
    const int depth = backtrace(frames, 24);
    backtrace_symbols_fd(frames, depth, STDERR_FILENO);
    counting = true;
  }
}

}  // namespace

void* operator new(std::size_t size) {
  note_allocation(size);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
  note_allocation(size);
  if (void* p = std::malloc(size ? size : 1)) return p;
  throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
  note_allocation(size);
  return std::malloc(size ? size : 1);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
  note_allocation(size);
  return std::malloc(size ? size : 1);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete[](void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
  std::free(p);
}

using namespace glassbox;

namespace {

// `count` random samples with one-hot targets over `classes` classes.
Dataset random_data(std::size_t count, std::size_t inputs, std::size_t classes) {
  Rng rng(42);
  Dataset data;
  data.count = count, data.input_size = inputs, data.target_size = classes;
  data.inputs.resize(count * inputs);
  data.targets.assign(count * classes, 0.0f);
  for (float& v : data.inputs) v = rng.uniform() < 0.7f ? 0.0f : rng.uniform();
  for (std::size_t n = 0; n < count; ++n) data.targets[n * classes + rng.below(classes)] = 1.0f;
  return data;
}

// Allocations made by 100 training steps after the first.
std::size_t allocations_in_100_steps(const std::string& architecture, std::size_t inputs,
                                     TrainOptions options) {
  const Dataset data = random_data(200, inputs, 10);  // 64 + 64 + 64 + 8: batch sizes change
  Model model(Architecture::from_json(architecture), 1);
  auto optimizer = make_optimizer("adam", 1e-3f);
  Trainer trainer(model, *optimizer, data, options);
  trainer.step(4);  // a whole epoch: every batch size seen once
  allocations = 0;
  counting = true;
  trainer.step(100);
  counting = false;
  return allocations.load();
}

}  // namespace

TEST_CASE("the counter sees an allocation (the check can fail)", "[allocations]") {
  allocations = 0;
  show_where = false;
  counting = true;
  auto* p = new std::vector<float>(100);
  counting = false;
  show_where = true;
  delete p;
  CHECK(allocations.load() == 2);  // the vector object and its buffer
}

TEST_CASE("100 training steps of an MLP allocate nothing", "[allocations]") {
  CHECK(allocations_in_100_steps(
            R"({"input": 784, "layers": [
      {"type": "dense", "units": 128}, {"type": "relu"}, {"type": "dropout", "rate": 0.2},
      {"type": "dense", "units": 64}, {"type": "relu"}, {"type": "dense", "units": 10}]})",
            784,
            {.batch_size = 64, .l1 = 1e-5f, .l2 = 1e-4f, .max_norm = 3.0f, .clip_norm = 5.0f}) ==
        0);
}

TEST_CASE("100 training steps of a CNN allocate nothing", "[allocations]") {
  CHECK(allocations_in_100_steps(R"({"input": [1, 28, 28], "layers": [
      {"type": "conv2d", "filters": 4, "kernel": 5, "padding": 2}, {"type": "batchnorm"},
      {"type": "relu"}, {"type": "maxpool2d", "size": 2},
      {"type": "conv2d", "filters": 6, "kernel": 3}, {"type": "relu"},
      {"type": "avgpool2d", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 10}]})",
                                 784, {.batch_size = 64}) == 0);
}

TEST_CASE("100 training steps of a residual + LayerNorm net allocate nothing", "[allocations]") {
  CHECK(allocations_in_100_steps(R"({"input": 64, "layers": [
      {"type": "dense", "units": 32}, {"type": "relu"},
      {"type": "residual", "layers": [{"type": "layernorm"}, {"type": "dense", "units": 32},
                                      {"type": "relu"}]},
      {"type": "residual", "layers": [{"type": "layernorm"}, {"type": "dense", "units": 16},
                                      {"type": "gelu"}]},
      {"type": "dense", "units": 10}]})",
                                 64, {.batch_size = 64, .l2 = 1e-4f}) == 0);
}

TEST_CASE("100 training steps of RNN, GRU and LSTM layers allocate nothing", "[allocations]") {
  // 64 inputs as 16 steps × 4 features; the last cell returns only h_T.
  CHECK(allocations_in_100_steps(R"({"input": [16, 4], "layers": [
      {"type": "rnn", "units": 8}, {"type": "gru", "units": 8},
      {"type": "lstm", "units": 8, "return_sequences": false}, {"type": "dense", "units": 10}]})",
                                 64, {.batch_size = 64, .clip_norm = 1.0f}) == 0);
}

// Issue 13: a file of under 200 bytes whose architecture sits at the
// parameter limit (1000 → 65536, 65.6 M parameters) must be refused from its
// header alone, not after building a 500 MB model to find no tensors in it.
TEST_CASE("a tiny model file naming a huge architecture allocates no large buffer",
          "[allocations]") {
  const std::string header =
      R"({"__metadata__":{"format":"glassbox","format_version":"2","architecture":)"
      R"("{\"input\": 1000, \"layers\": [{\"type\": \"dense\", \"units\": 65536}]}"}})";
  std::vector<std::uint8_t> file(8 + header.size());
  const std::uint64_t length = header.size();
  std::memcpy(file.data(), &length, 8);
  std::memcpy(file.data() + 8, header.data(), header.size());
  REQUIRE(file.size() < 201);
  largest = 0;
  show_where = false;
  counting = true;
  std::string message;
  try {
    glassbox::load_safetensors(file);
  } catch (const glassbox::Error& e) {
    message = e.what();
  }
  counting = false;
  show_where = true;
  CHECK(message == "model file is missing tensor 'layers.0.weight'");
  CHECK(largest.load() < (std::size_t{1} << 20));  // under 1 MB; the model takes 525 MB
}
