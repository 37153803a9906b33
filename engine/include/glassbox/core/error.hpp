#pragma once
// The one exception type the engine throws. Its message is written for the
// person at the keyboard: what was wrong and what is allowed.
#include <stdexcept>
#include <string>

namespace glassbox {

class Error : public std::runtime_error {
public:
  explicit Error(const std::string& message) : std::runtime_error(message) {}
};

// Throws Error(message) unless condition holds.
inline void require(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}

}  // namespace glassbox
