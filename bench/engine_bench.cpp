// The engine's half of `npm run bench`: GEMM throughput and MLP training
// speed, built from the same source natively and to wasm (run in node), so the
// two builds are compared on identical work. Prints one JSON object per line.
//
//   engine_bench gemm [--reps R] [--min-ms T] [--runs N] [--case "nn 512^3"]
//                                                  GFLOP/s of nn/tn/nt (and
//                                                  OpenBLAS sgemm when linked);
//                                                  --runs: fixed work instead
//                                                  of a minimum time
//   engine_bench peak [--reps R] [--min-ms T]   GFLOP/s of a loop of independent
//                                                  4-lane multiplies and adds:
//                                                  the ceiling the GEMM is read
//                                                  against (see below)
//   engine_bench mlp [--train N] [--batch B] [--reps R]
//                                                  784-128-64-10, Adam 1e-3,
//                                                  1 epoch on N MNIST images
//   engine_bench cnn [--train N] [--batch B] [--reps R] [--arch FILE]
//                                                  the small CNN of
//                                                  scripts/bench/models.mjs, same
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/kernels/matmul.hpp"
#include "glassbox/model/architecture.hpp"
#include "glassbox/model/model.hpp"
#include "glassbox/train/metrics.hpp"
#include "glassbox/train/optimizer.hpp"
#include "glassbox/train/trainer.hpp"

#ifdef GLASSBOX_BENCH_OPENBLAS
#include <cblas.h>
extern "C" void openblas_set_num_threads(int);
#endif

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

// The text after `name`, or null.
const char* text_option(int argc, char** argv, const char* name) {
  for (int i = 2; i + 1 < argc; ++i)
    if (std::strcmp(argv[i], name) == 0) return argv[i + 1];
  return nullptr;
}

std::size_t option(int argc, char** argv, const char* name, std::size_t fallback) {
  const char* text = text_option(argc, argv, name);
  return text ? std::strtoull(text, nullptr, 10) : fallback;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

enum class Layout { nn, tn, nt };

// Runs one product repeatedly for at least min_seconds; returns GFLOP/s
// (2·M·N·K floating-point operations per product).
// With min_runs > 0 it runs exactly that many times whatever the time (fixed
// work, for timing the process's CPU time from outside on a loaded machine).
template <typename F>
double gflops(F&& product, glassbox::GemmSize s, double min_seconds, std::size_t min_runs) {
  // Warm the caches and the code: in wasm, V8 first runs a function in its
  // baseline compiler and swaps in the optimized code only after compiling
  // it in the background, so the first case of a process would otherwise be
  // timed partly unoptimized. 50 ms of calls (one call with --runs).
  const auto warm = Clock::now();
  do product();
  while (!min_runs && seconds_since(warm) < 0.05);
  std::size_t runs = 0;
  const auto start = Clock::now();
  double elapsed = 0.0;
  do {
    product();
    ++runs;
    elapsed = seconds_since(start);
  } while (min_runs ? runs < min_runs : elapsed < min_seconds);
  return 2.0 * static_cast<double>(s.m * s.n * s.k) * runs / elapsed / 1e9;
}

void bench_gemm(std::size_t reps, double min_seconds, std::size_t min_runs, const char* only) {
  struct Case {
    const char* name;
    Layout layout;
    glassbox::GemmSize size;
  };
  // The MLP 784-128-64-10 at batch 64: the first layer's forward (nn), its
  // weight gradient Xᵀ·δ (tn) and its input gradient δ·Wᵀ (nt); then 512³.
  const Case cases[] = {
      {"nn 64x784x128", Layout::nn, {64, 784, 128}}, {"tn 784x64x128", Layout::tn, {784, 64, 128}},
      {"nt 64x128x784", Layout::nt, {64, 128, 784}}, {"nn 512^3", Layout::nn, {512, 512, 512}},
      {"tn 512^3", Layout::tn, {512, 512, 512}},     {"nt 512^3", Layout::nt, {512, 512, 512}},
  };
  glassbox::Rng rng(7);
  for (const Case& c : cases) {
    if (only && std::strcmp(only, c.name) != 0) continue;
    const auto [m, k, n] = c.size;
    // Dense inputs in [−1, 1): no zeros, so zero-skipping never helps here.
    std::vector<float> a(m * k), b(k * n), out(m * n);
    for (float& x : a) x = static_cast<float>(rng.uniform() * 2.0 - 1.0);
    for (float& x : b) x = static_cast<float>(rng.uniform() * 2.0 - 1.0);
    std::vector<double> ours, blas;
    for (std::size_t r = 0; r < reps; ++r) {
      ours.push_back(gflops(
          [&] {
            if (c.layout == Layout::nn) glassbox::gemm_nn(a, b, out, c.size, false);
            if (c.layout == Layout::tn) glassbox::gemm_tn(a, b, out, c.size, false);
            if (c.layout == Layout::nt) glassbox::gemm_nt(a, b, out, c.size, false);
          },
          c.size, min_seconds, min_runs));
#ifdef GLASSBOX_BENCH_OPENBLAS
      const int M = static_cast<int>(m), N = static_cast<int>(n), K = static_cast<int>(k);
      blas.push_back(gflops(
          [&] {
            if (c.layout == Layout::nn)
              cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, M, N, K, 1.0f, a.data(), K,
                          b.data(), N, 0.0f, out.data(), N);
            if (c.layout == Layout::tn)
              cblas_sgemm(CblasRowMajor, CblasTrans, CblasNoTrans, M, N, K, 1.0f, a.data(), M,
                          b.data(), N, 0.0f, out.data(), N);
            if (c.layout == Layout::nt)
              cblas_sgemm(CblasRowMajor, CblasNoTrans, CblasTrans, M, N, K, 1.0f, a.data(), K,
                          b.data(), K, 0.0f, out.data(), N);
          },
          c.size, min_seconds, min_runs));
#endif
    }
    std::printf("{\"kind\":\"gemm\",\"case\":\"%s\",\"gflops\":%.3f", c.name, median(ours));
    if (!blas.empty()) std::printf(",\"openblas_gflops\":%.3f", median(blas));
    std::printf("}\n");
  }
}

// conv 5×5×8, relu, pool, conv 5×5×16, relu, pool, flatten, dense 10: the
// small CNN of scripts/bench/models.mjs.
const char* const kSmallCnn = R"({"input": [1, 28, 28], "loss": "softmax_cross_entropy",
  "layers": [{"type": "conv2d", "filters": 8, "kernel": 5}, {"type": "relu"},
             {"type": "maxpool2d", "size": 2},
             {"type": "conv2d", "filters": 16, "kernel": 5}, {"type": "relu"},
             {"type": "maxpool2d", "size": 2}, {"type": "flatten"},
             {"type": "dense", "units": 10}]})";

void bench_training(const char* kind, const glassbox::Architecture& arch, std::size_t train_count,
                    std::size_t batch, std::size_t reps) {
  const std::string dir = glassbox::find_mnist_dir();
  glassbox::Dataset train = glassbox::load_mnist(dir, glassbox::MnistSplit::train);
  const glassbox::Dataset test = glassbox::load_mnist(dir, glassbox::MnistSplit::test);
  train_count = std::min(train_count, train.count);
  train.count = train_count;
  train.inputs.resize(train_count * train.input_size);
  if (!train.targets.empty()) train.targets.resize(train_count * train.target_size);
  if (!train.labels.empty()) train.labels.resize(train_count * train.target_size);
  std::vector<double> rates, accuracies;
  for (std::size_t r = 0; r < reps; ++r) {
    glassbox::Model model(arch, 1 + r);
    auto optimizer = glassbox::make_optimizer("adam", 0.001f);
    glassbox::TrainOptions options;
    options.batch_size = batch;
    options.shuffle_seed = 1 + r;
    glassbox::Trainer trainer(model, *optimizer, train, options);
    const auto start = Clock::now();
    trainer.step(trainer.batches_per_epoch());
    rates.push_back(static_cast<double>(train_count) / seconds_since(start));
    accuracies.push_back(glassbox::evaluate(model, test).accuracy());
  }
  std::printf(
      "{\"kind\":\"%s\",\"batch\":%zu,\"train\":%zu,\"samples_per_s\":%.1f,\"test_accuracy\":%.4f}"
      "\n",
      kind, batch, train_count, median(rates), median(accuracies));
}

// The multiply-add ceiling of this build on this machine: 6 chains of
// p = p·m and 6 of s = s + a on 4-lane vectors (SIMD128 in wasm, SSE
// natively), all in registers, no loads. Each chain depends on itself only, so
// up to 12 operations are in flight; 12 vectors plus m and a fit the 15
// registers V8 gives wasm. A GEMM does the same two operations (there is no
// FMA in SIMD128) plus its loads, so this is what its arithmetic can reach.
// m = 1 keeps every value normal (a denormal would slow the loop down).
using Float4 = float __attribute__((vector_size(16)));

__attribute__((noinline)) Float4 mul_add_chains(long steps, Float4 m, Float4 a) {
  Float4 p0 = a, p1 = a + 1, p2 = a + 2, p3 = a + 3, p4 = a + 4, p5 = a + 5;
  Float4 s0 = a, s1 = a + 1, s2 = a + 2, s3 = a + 3, s4 = a + 4, s5 = a + 5;
  for (long i = 0; i < steps; ++i) {
    p0 = p0 * m, s0 = s0 + a, p1 = p1 * m, s1 = s1 + a, p2 = p2 * m, s2 = s2 + a;
    p3 = p3 * m, s3 = s3 + a, p4 = p4 * m, s4 = s4 + a, p5 = p5 * m, s5 = s5 + a;
  }
  return p0 + p1 + p2 + p3 + p4 + p5 + s0 + s1 + s2 + s3 + s4 + s5;
}

void bench_peak(std::size_t reps, double min_seconds) {
  // Read through volatile on every call, so the compiler can neither fold the
  // loop nor hoist the (pure) call out of the timing loop.
  volatile float one = 1.0f, step = 0.001f;
  const auto chains = [&](long steps) {
    const float m = one, a = step;
    return mul_add_chains(steps, Float4{m, m, m, m}, Float4{a, a, a, a})[0];
  };
  std::vector<double> rates;
  float sink = chains(1'000'000);  // let V8 tier the loop up
  for (std::size_t r = 0; r < reps; ++r) {
    const long steps = 1'000'000;
    std::size_t calls = 0;
    const auto start = Clock::now();
    double elapsed = 0.0;
    do {
      sink += chains(steps);
      ++calls;
      elapsed = seconds_since(start);
    } while (elapsed < min_seconds);
    rates.push_back(12.0 * 4.0 * static_cast<double>(steps) * calls / elapsed / 1e9);
  }
  std::printf("{\"kind\":\"peak\",\"gflops\":%.3f,\"check\":%.1f}\n", median(rates),
              static_cast<double>(sink > 0.0f));
}

}  // namespace

int main(int argc, char** argv) {
  try {
    const std::string mode = argc > 1 ? argv[1] : "";
#ifdef GLASSBOX_BENCH_OPENBLAS
    openblas_set_num_threads(1);
#endif
    if (mode == "gemm") {
      const char* only = text_option(argc, argv, "--case");
      bench_gemm(option(argc, argv, "--reps", 5),
                 static_cast<double>(option(argc, argv, "--min-ms", 100)) / 1000.0,
                 option(argc, argv, "--runs", 0), only);
    } else if (mode == "peak") {
      bench_peak(option(argc, argv, "--reps", 5),
                 static_cast<double>(option(argc, argv, "--min-ms", 100)) / 1000.0);
    } else if (mode == "mlp") {
      bench_training("mlp",
                     glassbox::Architecture::from_sizes("784-128-64-10", "relu",
                                                        glassbox::LossKind::softmax_cross_entropy),
                     option(argc, argv, "--train", 10000), option(argc, argv, "--batch", 64),
                     option(argc, argv, "--reps", 3));
    } else if (mode == "cnn") {
      // --arch FILE: another architecture (e.g. scripts/architectures/lenet.json).
      std::string json = kSmallCnn;
      if (const char* file = text_option(argc, argv, "--arch")) {
        const std::vector<std::uint8_t> bytes = glassbox::read_file(file);
        json.assign(bytes.begin(), bytes.end());
      }
      bench_training("cnn", glassbox::Architecture::from_json(json),
                     option(argc, argv, "--train", 2000), option(argc, argv, "--batch", 64),
                     option(argc, argv, "--reps", 3));
    } else {
      std::fprintf(stderr,
                   "usage: engine_bench gemm [--reps R] [--min-ms T] [--runs N] [--case NAME]\n"
                   "       engine_bench peak [--reps R] [--min-ms T]\n"
                   "       engine_bench mlp [--train N] [--batch B] [--reps R]\n"
                   "       engine_bench cnn [--train N] [--batch B] [--reps R] [--arch FILE]\n");
      return 2;
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "engine_bench: %s\n", e.what());
    return 1;
  }
  return 0;
}
