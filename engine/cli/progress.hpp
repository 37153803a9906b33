#pragma once
// A one-line terminal progress bar: samples/s, loss and ETA, redrawn in place.
#include <chrono>
#include <cstddef>
#include <string>

namespace glassbox::cli {

class ProgressBar {
public:
  ProgressBar(std::string label, std::size_t total);
  // Redraws at most ~10 times a second (always on the final update).
  void update(std::size_t done, float loss);
  // Ends the line, if a bar was drawn (an error may end an epoch early).
  void finish();
  double seconds() const;

private:
  std::string label_;
  std::size_t total_;
  std::chrono::steady_clock::time_point start_, last_draw_;
  bool drawn_ = false;
};

// "1m 05s", "12s"
std::string format_duration(double seconds);

}  // namespace glassbox::cli
