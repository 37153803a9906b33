#pragma once
// Our own seeded random numbers, so the same seed gives the same weights in
// every build (std::normal_distribution differs between libstdc++ and libc++).
//
// Generator: xoshiro256** (Blackman & Vigna), state seeded with splitmix64.
// Normal samples: Box–Muller in double precision, then rounded to float.
#include <array>
#include <cstdint>
#include <span>

namespace glassbox {

class Rng {
public:
  explicit Rng(std::uint64_t seed);

  std::uint64_t next_u64();
  // Uniform in [0, 1) with 53 random bits.
  double uniform();
  // Uniform in [low, high).
  float uniform(float low, float high);
  // Uniform integer in [0, n), unbiased (rejection sampling). n > 0.
  std::uint64_t below(std::uint64_t n);
  // Standard normal N(0, 1) via Box–Muller: sqrt(-2 ln u1) * cos(2π u2).
  double normal();

  // Fisher–Yates shuffle of indices.
  void shuffle(std::span<std::uint32_t> values);

  // The generator's four words, for checkpoints: set_state(state()) continues
  // the same sequence. An all-zero state is refused (xoshiro would stay at 0).
  std::array<std::uint64_t, 4> state() const {
    return {state_[0], state_[1], state_[2], state_[3]};
  }
  void set_state(const std::array<std::uint64_t, 4>& words);

private:
  std::uint64_t state_[4];
};

}  // namespace glassbox
