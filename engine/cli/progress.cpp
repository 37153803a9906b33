#include "progress.hpp"

#include <unistd.h>

#include <cstdio>

namespace glassbox::cli {

ProgressBar::ProgressBar(std::string label, std::size_t total)
    : label_(std::move(label)),
      total_(total),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {}

double ProgressBar::seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

std::string format_duration(double seconds) {
  const long s = static_cast<long>(seconds + 0.5);
  char text[32];
  if (s >= 60) {
    std::snprintf(text, sizeof text, "%ldm %02lds", s / 60, s % 60);
  } else {
    std::snprintf(text, sizeof text, "%lds", s);
  }
  return text;
}

void ProgressBar::update(std::size_t done, float loss) {
  const auto now = std::chrono::steady_clock::now();
  // Not a terminal (a log file, CI): draw only the final state, once.
  static const bool interactive = isatty(fileno(stderr)) != 0;
  if (done < total_ && (!interactive || now - last_draw_ < std::chrono::milliseconds(100))) return;
  last_draw_ = now;
  drawn_ = true;
  constexpr int width = 30;
  const double fraction = total_ ? static_cast<double>(done) / static_cast<double>(total_) : 1.0;
  const int filled = static_cast<int>(fraction * width);
  const double elapsed = seconds();
  const double rate = elapsed > 0 ? static_cast<double>(done) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : 0.0;
  std::fprintf(stderr, "\r%s [%.*s%.*s] %3d%% %zu/%zu  %7.0f samples/s  loss %.4f  ETA %s   ",
               label_.c_str(), filled, "##############################", width - filled,
               "..............................", static_cast<int>(fraction * 100), done, total_,
               rate, static_cast<double>(loss), format_duration(eta).c_str());
  std::fflush(stderr);
}

void ProgressBar::finish() {
  if (drawn_) std::fprintf(stderr, "\n");
  drawn_ = false;
}

}  // namespace glassbox::cli
