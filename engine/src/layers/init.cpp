#include "glassbox/layers/init.hpp"

#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {

namespace {
struct NamedInit {
  Init init;
  const char* name;
};
constexpr NamedInit init_names[] = {
    {Init::zeros, "zeros"},
    {Init::uniform, "uniform"},
    {Init::normal, "normal"},
    {Init::xavier_uniform, "xavier_uniform"},
    {Init::xavier_normal, "xavier_normal"},
    {Init::he_uniform, "he_uniform"},
    {Init::he_normal, "he_normal"},
    {Init::lecun, "lecun"},
};
}  // namespace

std::string init_name(Init init) {
  for (const auto& n : init_names)
    if (n.init == init) return n.name;
  return "?";
}

std::vector<std::string> init_choices() {
  std::vector<std::string> names;
  for (const auto& n : init_names) names.push_back(n.name);
  names.push_back("he");
  names.push_back("xavier");
  return names;
}

FieldInfo init_field() {
  return {.name = "init",
          .kind = FieldKind::text,
          .help = "how the weights are drawn",
          .fallback = std::string("he_normal"),
          .choices = init_choices()};
}

Init parse_init(const std::string& name) {
  if (name == "he") return Init::he_normal;
  if (name == "xavier") return Init::xavier_uniform;
  for (const auto& n : init_names)
    if (name == n.name) return n.init;
  std::string known;
  for (const auto& n : init_names) known += std::string(known.empty() ? "" : ", ") + n.name;
  throw Error("unknown initialization '" + name + "'; known: " + known);
}

void initialize_weights(Init init, std::span<float> weights, std::size_t fan_in,
                        std::size_t fan_out, Rng& rng) {
  const double in = static_cast<double>(fan_in), out = static_cast<double>(fan_out);
  const auto fill_uniform = [&](double limit) {
    for (float& w : weights) w = rng.uniform(static_cast<float>(-limit), static_cast<float>(limit));
  };
  const auto fill_normal = [&](double stddev) {
    for (float& w : weights) w = static_cast<float>(stddev * rng.normal());
  };
  switch (init) {
    case Init::zeros:
      for (float& w : weights) w = 0.0f;
      return;
    case Init::uniform:
      return fill_uniform(0.05);
    case Init::normal:
      return fill_normal(0.05);
    case Init::xavier_uniform:
      return fill_uniform(std::sqrt(6.0 / (in + out)));
    case Init::xavier_normal:
      return fill_normal(std::sqrt(2.0 / (in + out)));
    case Init::he_uniform:
      return fill_uniform(std::sqrt(6.0 / in));
    case Init::he_normal:
      return fill_normal(std::sqrt(2.0 / in));
    case Init::lecun:
      return fill_normal(std::sqrt(1.0 / in));
  }
}

}  // namespace glassbox
