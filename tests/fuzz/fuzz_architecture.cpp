// libFuzzer target: architecture JSON through Architecture::from_json (both
// format versions). One that parses must round-trip through to_json, and a
// small one is built (its parameter count as predicted) and run forward on zeros.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/model/model.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  for (int version : {2, 1}) {
    try {
      const auto arch = glassbox::Architecture::from_json(text, version);
      const auto again = glassbox::Architecture::from_json(arch.to_json());
      if (again.to_json() != arch.to_json()) __builtin_trap();
      // Only small models are built: initializing tens of millions of weights
      // (allowed up to max_parameters) takes seconds under ASan and found nothing.
      if (arch.input_size() <= 4096 && arch.parameter_count() <= (1u << 20)) {
        glassbox::Model model(arch, 1);
        if (model.parameters().size() != arch.parameter_count()) __builtin_trap();
        const std::vector<float> x(2 * model.input_size(), 0.0f);
        model.forward(x, 2);
      }
    } catch (const glassbox::Error&) {
    }
  }
  return 0;
}
