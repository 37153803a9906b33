// libFuzzer target: model files (safetensors) through load_safetensors. Any
// input may be refused with glassbox::Error; nothing else may escape, and no
// sanitizer may fire. A model that loads is saved and loaded again.
#include <cstddef>
#include <cstdint>
#include <span>

#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  try {
    glassbox::Model model = glassbox::load_safetensors(std::span(data, size));
    const auto again = glassbox::save_safetensors(model);
    glassbox::load_safetensors(again);
  } catch (const glassbox::Error&) {
  }
  return 0;
}
