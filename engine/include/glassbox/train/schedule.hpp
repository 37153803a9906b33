#pragma once
// Learning-rate schedules, as a function of the step t = 0, 1, 2, ... (one
// step per mini-batch). η₀ is the base learning rate.
//   constant:     η(t) = η₀
//   step:         η(t) = η₀ · γ^⌊t / s⌋                    (drop by γ every s steps)
//   exponential:  η(t) = η₀ · γ^(t / s)                    (smooth: γ per s steps)
//   cosine:       η(t) = η_min + ½(η₀ − η_min)(1 + cos(π · min(t, T) / T))
// Linear warmup over W steps goes first when W > 0:
//   η(t) = η₀ · (t + 1) / W for t < W, then the schedule at t − W.
#include <cstddef>
#include <string>

namespace glassbox {

struct Schedule {
  enum class Kind { constant, step, exponential, cosine };
  Kind kind = Kind::constant;
  float base = 1e-3f;      // η₀
  float gamma = 0.1f;      // γ, step and exponential
  std::size_t period = 1;  // s, step and exponential (steps)
  std::size_t total = 1;   // T, cosine (steps after warmup)
  float minimum = 0.0f;    // η_min, cosine
  std::size_t warmup = 0;  // W (steps)

  float at(std::size_t t) const;
  // Throws Error naming the field and its allowed range.
  void validate() const;
};

std::string schedule_name(Schedule::Kind kind);
// "constant", "step", "exponential", "cosine"
Schedule::Kind parse_schedule(const std::string& name);

}  // namespace glassbox
