#pragma once
// The Lab from JS: a worker starts one experiment and advances it in slices
// of at most `budget` milliseconds, taking the new chart points after each.
// Results cross as JSON text made by the engine (glassbox/lab/lab.hpp), so the
// page shows exactly the numbers `glassbox lab NAME --json` prints.
#include <emscripten/val.h>

#include <memory>

#include "glassbox/lab/lab.hpp"

namespace glassbox::wasm {

using emscripten::val;

class LabRun {
public:
  // Result<null>. settings: {name: number}; unknown names and out-of-range
  // values are refused with the engine's message.
  val start(const val& id, const val& settings);
  // Result<{done, progress, events: string (JSON)}>: advances until `budget`
  // milliseconds have passed (at least one step) or the experiment is done.
  val advance(const val& budget);
  // Result<string>: the result JSON (arms, verdict, summary, cli).
  val result() const;

private:
  std::unique_ptr<lab::Experiment> experiment_;
};

// The lab's catalog as JSON text.
std::string lab_catalog();

}  // namespace glassbox::wasm
