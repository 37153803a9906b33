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

// Throws Error(message) unless condition holds. The message is built
// before the call: in hot paths, pass a literal (this overload allocates
// nothing unless it throws) or write `if (!ok) throw Error(...)`.
inline void require(bool condition, const char* message) {
  if (!condition) throw Error(message);
}
inline void require(bool condition, const std::string& message) {
  if (!condition) throw Error(message);
}

}  // namespace glassbox
