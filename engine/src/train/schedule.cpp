#include "glassbox/train/schedule.hpp"

#include <algorithm>
#include <cmath>
#include <numbers>

#include "glassbox/core/error.hpp"

namespace glassbox {

float Schedule::at(std::size_t t) const {
  if (t < warmup) return base * static_cast<float>(t + 1) / static_cast<float>(warmup);
  const double s = static_cast<double>(t - warmup);
  switch (kind) {
    case Kind::constant:
      return base;
    case Kind::step:
      return static_cast<float>(base * std::pow(double{gamma}, std::floor(s / period)));
    case Kind::exponential:
      return static_cast<float>(base * std::pow(double{gamma}, s / period));
    case Kind::cosine: {
      const double progress = std::min(s, static_cast<double>(total)) / static_cast<double>(total);
      return static_cast<float>(minimum + 0.5 * (base - minimum) *
                                              (1.0 + std::cos(std::numbers::pi * progress)));
    }
  }
  return base;
}

void Schedule::validate() const {
  require(std::isfinite(base) && base > 0.0f && base <= 10.0f,
          "learning rate must be a number in (0, 10], got " + std::to_string(base));
  require(std::isfinite(gamma) && gamma > 0.0f && gamma <= 1.0f,
          "schedule decay rate must be in (0, 1], got " + std::to_string(gamma));
  require(period >= 1, "schedule period must be at least 1 step");
  require(total >= 1, "cosine schedule length must be at least 1 step");
  require(std::isfinite(minimum) && minimum >= 0.0f && minimum <= base,
          "cosine minimum learning rate must be in [0, base], got " + std::to_string(minimum));
}

std::string schedule_name(Schedule::Kind kind) {
  switch (kind) {
    case Schedule::Kind::constant:
      return "constant";
    case Schedule::Kind::step:
      return "step";
    case Schedule::Kind::exponential:
      return "exponential";
    case Schedule::Kind::cosine:
      return "cosine";
  }
  return "?";
}

Schedule::Kind parse_schedule(const std::string& name) {
  for (auto kind : {Schedule::Kind::constant, Schedule::Kind::step, Schedule::Kind::exponential,
                    Schedule::Kind::cosine})
    if (name == schedule_name(kind)) return kind;
  throw Error("unknown schedule '" + name + "'; use constant, step, exponential or cosine");
}

}  // namespace glassbox
