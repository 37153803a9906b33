#pragma once
// Weight initializers (biases always start at zero). n_in, n_out: fan-in, fan-out.
#include <span>
#include <string>
#include <vector>

#include "glassbox/core/rng.hpp"
#include "glassbox/layers/spec.hpp"

namespace glassbox {

enum class Init {
  zeros,           // W = 0
  uniform,         // W ~ U(−0.05, 0.05)
  normal,          // W ~ N(0, 0.05²)
  xavier_uniform,  // W ~ U(±√(6/(n_in + n_out)))   Glorot & Bengio 2010; alias "xavier"
  xavier_normal,   // W ~ N(0, 2/(n_in + n_out))
  he_uniform,      // W ~ U(±√(6/n_in))             He et al. 2015, for ReLU
  he_normal,       // W ~ N(0, 2/n_in); alias "he"
  lecun,           // W ~ N(0, 1/n_in)               LeCun et al. 1998, for SELU/tanh
};
std::string init_name(Init init);
// Accepts the names above and the aliases "he" and "xavier".
Init parse_init(const std::string& name);
// Every accepted name, aliases included (the "init" field's choices).
std::vector<std::string> init_choices();
// The "init" field of a layer with weights (dense, conv2d): a name from
// init_choices(), He (normal) by default.
FieldInfo init_field();
// Fills `weights` (fan_in × fan_out values) from `rng`.
void initialize_weights(Init init, std::span<float> weights, std::size_t fan_in,
                        std::size_t fan_out, Rng& rng);

}  // namespace glassbox
