#include "lab_adapter.hpp"

#include <chrono>
#include <map>

#include "glassbox/core/error.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {

val LabRun::start(const val& id, const val& settings) {
  return guarded([&] {
    require(id.typeOf().as<std::string>() == "string",
            "the experiment id must be a string, got " + describe(id));
    std::map<std::string, double> values;
    if (!settings.isUndefined() && !settings.isNull()) {
      require(settings.typeOf().as<std::string>() == "object" && !settings.isArray(),
              "settings must be an object {name: number}, got " + describe(settings));
      const val keys = val::global("Object").call<val>("keys", settings);
      const auto count = keys["length"].as<std::size_t>();
      for (std::size_t i = 0; i < count; ++i) {
        const std::string name = keys[i].as<std::string>();
        const val value = settings[name];
        require(value.typeOf().as<std::string>() == "number",
                "setting '" + name + "' must be a number, got " + describe(value));
        values[name] = value.as<double>();
      }
    }
    experiment_ = std::make_unique<lab::Experiment>(id.as<std::string>(), values);
    return val::null();
  });
}

val LabRun::advance(const val& budget) {
  return guarded([&] {
    require(experiment_ != nullptr, "start an experiment before advancing it");
    require(budget.typeOf().as<std::string>() == "number",
            "the time budget must be a number of milliseconds, got " + describe(budget));
    const double ms = budget.as<double>();
    require(ms >= 0 && ms <= 60000, "the time budget must be in [0, 60000] ms");
    const auto start = std::chrono::steady_clock::now();
    do {
      experiment_->advance();
    } while (!experiment_->done() &&
             std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                     .count() < ms);
    val out = val::object();
    out.set("done", experiment_->done());
    out.set("progress", experiment_->progress());
    out.set("events", experiment_->take_events_json());
    return out;
  });
}

val LabRun::result() const {
  return guarded([&] {
    require(experiment_ != nullptr, "start an experiment before asking for its result");
    return val(experiment_->result_json());
  });
}

std::string lab_catalog() {
  return lab::catalog_json();
}

}  // namespace glassbox::wasm
