#include "glassbox/train/checkpoint.hpp"

#include <algorithm>
#include <cstring>
#include <map>
#include <string>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

constexpr char magic[8] = {'G', 'B', 'T', 'R', 'A', 'I', 'N', '1'};
enum class Kind : std::uint8_t { f32 = 1, u32 = 2, u64 = 3, text = 4 };
constexpr std::size_t element_size(Kind kind) {
  return kind == Kind::f32 || kind == Kind::u32 ? 4 : kind == Kind::u64 ? 8 : 1;
}

class Writer {
public:
  template <typename T>
  void section(const std::string& name, Kind kind, const T* values, std::size_t count) {
    sections_ += 1;
    put(static_cast<std::uint16_t>(name.size()));
    bytes_.insert(bytes_.end(), name.begin(), name.end());
    put(static_cast<std::uint8_t>(kind));
    put(static_cast<std::uint64_t>(count));
    const auto* raw = reinterpret_cast<const std::uint8_t*>(values);
    bytes_.insert(bytes_.end(), raw, raw + count * sizeof(T));
  }
  void floats(const std::string& name, std::span<const float> v) {
    section(name, Kind::f32, v.data(), v.size());
  }
  void u64s(const std::string& name, std::span<const std::uint64_t> v) {
    section(name, Kind::u64, v.data(), v.size());
  }
  void text(const std::string& name, const std::string& t) {
    section(name, Kind::text, t.data(), t.size());
  }
  std::vector<std::uint8_t> finish() const {
    std::vector<std::uint8_t> out(magic, magic + 8);
    const auto count = sections_;
    for (int i = 0; i < 4; ++i) out.push_back(static_cast<std::uint8_t>(count >> (8 * i)));
    out.insert(out.end(), bytes_.begin(), bytes_.end());
    return out;
  }

private:
  template <typename T>
  void put(T value) {
    for (std::size_t i = 0; i < sizeof(T); ++i)
      bytes_.push_back(static_cast<std::uint8_t>(static_cast<std::uint64_t>(value) >> (8 * i)));
  }
  std::vector<std::uint8_t> bytes_;
  std::uint32_t sections_ = 0;
};

struct Section {
  Kind kind;
  std::span<const std::uint8_t> bytes;
  std::size_t count;
};

std::uint64_t read_uint(std::span<const std::uint8_t> bytes, std::size_t at, std::size_t size) {
  std::uint64_t value = 0;
  for (std::size_t i = 0; i < size; ++i) value |= std::uint64_t{bytes[at + i]} << (8 * i);
  return value;
}

std::map<std::string, Section> parse(std::span<const std::uint8_t> bytes) {
  require(bytes.size() >= 12 && std::memcmp(bytes.data(), magic, 8) == 0,
          "not a Glassbox training checkpoint (it must start with GBTRAIN1)");
  const std::uint64_t count = read_uint(bytes, 8, 4);
  require(count <= 64, "checkpoint lists " + std::to_string(count) + " sections; at most 64");
  std::map<std::string, Section> sections;
  std::size_t at = 12;
  const auto need = [&](std::size_t n, const std::string& what) {
    require(n <= bytes.size() - at, "checkpoint is truncated in " + what);
  };
  for (std::uint64_t s = 0; s < count; ++s) {
    need(2, "a section header");
    const std::size_t name_size = read_uint(bytes, at, 2);
    at += 2;
    need(name_size + 9, "a section header");
    const std::string name(reinterpret_cast<const char*>(bytes.data() + at), name_size);
    at += name_size;
    const auto kind = static_cast<Kind>(bytes[at]);
    require(kind == Kind::f32 || kind == Kind::u32 || kind == Kind::u64 || kind == Kind::text,
            "checkpoint section \"" + name + "\" has unknown kind " + std::to_string(bytes[at]));
    const std::uint64_t elements = read_uint(bytes, at + 1, 8);
    at += 9;
    require(elements <= (bytes.size() - at) / element_size(kind),
            "checkpoint is truncated in section \"" + name + "\"");
    const std::size_t size = static_cast<std::size_t>(elements) * element_size(kind);
    require(sections
                .emplace(name,
                         Section{kind, bytes.subspan(at, size), static_cast<std::size_t>(elements)})
                .second,
            "checkpoint has section \"" + name + "\" twice");
    at += size;
  }
  require(at == bytes.size(),
          "checkpoint has " + std::to_string(bytes.size() - at) + " bytes after its last section");
  return sections;
}

const Section& get(const std::map<std::string, Section>& sections, const std::string& name,
                   Kind kind) {
  const auto it = sections.find(name);
  require(it != sections.end(), "checkpoint has no section \"" + name + "\"");
  require(it->second.kind == kind, "checkpoint section \"" + name + "\" has the wrong kind");
  return it->second;
}

template <typename T>
std::vector<T> values(const std::map<std::string, Section>& sections, const std::string& name,
                      Kind kind) {
  const Section& s = get(sections, name, kind);
  std::vector<T> out(s.count);
  if (!out.empty()) std::memcpy(out.data(), s.bytes.data(), s.bytes.size());
  return out;
}

std::string text(const std::map<std::string, Section>& sections, const std::string& name) {
  const Section& s = get(sections, name, Kind::text);
  return {reinterpret_cast<const char*>(s.bytes.data()), s.bytes.size()};
}

std::vector<std::uint64_t> fixed_u64(const std::map<std::string, Section>& sections,
                                     const std::string& name, std::size_t count) {
  auto v = values<std::uint64_t>(sections, name, Kind::u64);
  require(v.size() == count,
          "checkpoint section \"" + name + "\" must hold " + std::to_string(count) + " numbers");
  return v;
}

}  // namespace

std::uint64_t data_fingerprint(const Dataset& data) {
  std::uint64_t hash = 0xcbf29ce484222325ull;
  const auto mix = [&](const void* p, std::size_t n) {
    const auto* b = static_cast<const std::uint8_t*>(p);
    for (std::size_t i = 0; i < n; ++i) hash = (hash ^ b[i]) * 0x100000001b3ull;
  };
  const std::uint64_t sizes[3] = {data.count, data.input_size, data.target_size};
  mix(sizes, sizeof sizes);
  mix(data.inputs.data(), data.inputs.size() * sizeof(float));
  mix(data.tokens.data(), data.tokens.size() * sizeof(std::int32_t));
  mix(data.targets.data(), data.targets.size() * sizeof(float));
  mix(data.labels.data(), data.labels.size() * sizeof(std::int32_t));
  return hash;
}

std::vector<std::uint8_t> save_checkpoint(const Model& model, const Optimizer& optimizer,
                                          const Trainer& trainer, const Dataset& data) {
  const std::string architecture = model.architecture().to_json();
  require(architecture.find("dropout") == std::string::npos,
          "a model with dropout cannot be checkpointed yet: its random masks are not saved");
  const TrainerState t = trainer.save_state();
  const OptimizerState o = optimizer.save_state();
  Writer w;
  w.text("architecture", architecture);
  w.text("optimizer", optimizer.name());
  const std::uint64_t fingerprint[4] = {data.count, data.input_size, data.target_size,
                                        data_fingerprint(data)};
  w.u64s("data", fingerprint);
  w.floats("model.parameters", model.parameters());
  w.floats("model.state", model.state());
  const std::uint64_t steps[1] = {o.steps};
  w.u64s("optimizer.steps", steps);
  const float rate[1] = {o.learning_rate};
  w.floats("optimizer.learning_rate", rate);
  std::string names;
  for (const auto& [name, buffer] : o.buffers) {
    names += (names.empty() ? "" : ",") + name;
    w.floats("optimizer.buffer." + name, buffer);
  }
  w.text("optimizer.buffers", names);
  w.section("trainer.order", Kind::u32, t.order.data(), t.order.size());
  w.u64s("trainer.rng", t.rng);
  const std::uint64_t counters[5] = {t.position, t.epoch, t.step_in_epoch, t.total_steps,
                                     t.snapshot_step};
  w.u64s("trainer.counters", counters);
  const float losses[2] = {t.reference_loss, t.smoothed_loss};
  w.floats("trainer.losses", losses);
  w.floats("trainer.snapshot_parameters", t.snapshot_parameters);
  w.floats("trainer.snapshot_state", t.snapshot_state);
  return w.finish();
}

void load_checkpoint(std::span<const std::uint8_t> bytes, Model& model, Optimizer& optimizer,
                     Trainer& trainer, const Dataset& data) {
  const auto sections = parse(bytes);
  require(text(sections, "architecture") == model.architecture().to_json(),
          "this checkpoint is of another architecture than the run it is restored into");
  const std::string saved_optimizer = text(sections, "optimizer");
  require(saved_optimizer == optimizer.name(),
          "this checkpoint was trained with " + saved_optimizer + ", not " + optimizer.name());
  const auto d = fixed_u64(sections, "data", 4);
  require(d[0] == data.count && d[1] == data.input_size && d[2] == data.target_size &&
              d[3] == data_fingerprint(data),
          "this checkpoint was trained on other data (" + std::to_string(d[0]) +
              " samples); resume it with the same training set");
  const auto parameters = values<float>(sections, "model.parameters", Kind::f32);
  const auto state = values<float>(sections, "model.state", Kind::f32);
  require(parameters.size() == model.parameters().size() && state.size() == model.state().size(),
          "the checkpoint's weights do not fit this model");

  OptimizerState o;
  o.steps = fixed_u64(sections, "optimizer.steps", 1)[0];
  const auto rate = values<float>(sections, "optimizer.learning_rate", Kind::f32);
  require(rate.size() == 1, "checkpoint section \"optimizer.learning_rate\" must hold 1 number");
  o.learning_rate = rate[0];
  const std::string names = text(sections, "optimizer.buffers");
  for (std::size_t start = 0; start < names.size();) {
    const std::size_t end = std::min(names.find(',', start), names.size());
    const std::string name = names.substr(start, end - start);
    o.buffers.emplace_back(name, values<float>(sections, "optimizer.buffer." + name, Kind::f32));
    start = end + 1;
  }

  TrainerState t;
  t.order = values<std::uint32_t>(sections, "trainer.order", Kind::u32);
  const auto rng = fixed_u64(sections, "trainer.rng", 4);
  for (std::size_t i = 0; i < 4; ++i) t.rng[i] = rng[i];
  const auto counters = fixed_u64(sections, "trainer.counters", 5);
  t.position = counters[0];
  t.epoch = counters[1];
  t.step_in_epoch = counters[2];
  t.total_steps = counters[3];
  t.snapshot_step = counters[4];
  const auto losses = values<float>(sections, "trainer.losses", Kind::f32);
  require(losses.size() == 2, "checkpoint section \"trainer.losses\" must hold 2 numbers");
  t.reference_loss = losses[0];
  t.smoothed_loss = losses[1];
  t.snapshot_parameters = values<float>(sections, "trainer.snapshot_parameters", Kind::f32);
  t.snapshot_state = values<float>(sections, "trainer.snapshot_state", Kind::f32);

  // Check all three before changing any: a refused checkpoint leaves the run as it was.
  const OptimizerState optimizer_before = optimizer.save_state();
  optimizer.load_state(o, parameters.size());
  try {
    trainer.load_state(t);
  } catch (...) {
    optimizer.load_state(optimizer_before, parameters.size());
    throw;
  }
  std::copy(parameters.begin(), parameters.end(), model.parameters().begin());
  std::copy(state.begin(), state.end(), model.state().begin());
}

}  // namespace glassbox
