// `glassbox lab NAME [--set key=value]... [--json]`: one experiment of the
// Lab (glassbox/lab/lab.hpp), the same code the web page runs in a worker.
#include "glassbox/lab/lab.hpp"

#include <cmath>
#include <cstdio>
#include <cstdlib>

#include "commands.hpp"
#include "glassbox/core/error.hpp"

namespace glassbox::cli {
namespace {

std::map<std::string, double> parse_settings(const std::vector<std::string>& pairs) {
  std::map<std::string, double> settings;
  for (const std::string& pair : pairs) {
    const auto eq = pair.find('=');
    require(eq != std::string::npos && eq > 0,
            "--set takes name=value (e.g. --set seed=2), got '" + pair + "'");
    const std::string name = pair.substr(0, eq), text = pair.substr(eq + 1);
    char* end = nullptr;
    const double value = std::strtod(text.c_str(), &end);
    require(!text.empty() && end == text.c_str() + text.size() && std::isfinite(value),
            "--set " + name + " needs a number, got '" + text + "'");
    settings[name] = value;
  }
  return settings;
}

}  // namespace

int run_lab(const LabArgs& args) {
  lab::Experiment experiment(args.experiment, parse_settings(args.settings));
  if (args.json) {
    experiment.run();
    std::printf("%s\n", experiment.result_json().c_str());
    return 0;
  }
  const lab::ExperimentInfo& info = experiment.info();
  std::printf("%s (seed 003, example %d)\nClaim: %s\nSetup: %s\n\n", info.title.c_str(),
              info.example, info.claim.c_str(), info.setup.c_str());
  std::size_t shown = 0;
  while (!experiment.done()) {
    experiment.advance();
    for (; shown < experiment.results().size(); ++shown) {
      const lab::ArmResult& arm = experiment.results()[shown];
      std::printf("%s%s\n", arm.name.c_str(), arm.diverged ? "  (diverged)" : "");
      for (const auto& [key, value] : arm.numbers)
        std::printf("  %-28s %.4g\n", key.c_str(), value);
      if (arm.diverged) std::printf("  %s\n", arm.divergence.c_str());
      std::fflush(stdout);
    }
  }
  std::printf("\nVerdict: %s. %s\n", experiment.verdict().verdict.c_str(),
              experiment.verdict().summary.c_str());
  return 0;
}

}  // namespace glassbox::cli
