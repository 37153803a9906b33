// The first three steps of each optimizer on a 2-parameter problem, against
// arithmetic done by hand (written out in the comments).
#include <catch2/catch.hpp>

#include "glassbox/train/optimizer.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;

TEST_CASE("SGD: θ ← θ − η g for three steps", "[optimizer]") {
  Sgd sgd(0.1f);
  std::vector<float> theta = {1.0f, -2.0f};
  sgd.step(theta, std::vector<float>{0.5f, -1.0f});  // (1 − 0.05, −2 + 0.1)
  CHECK_THAT(theta[0], WithinAbs(0.95, 1e-6));
  CHECK_THAT(theta[1], WithinAbs(-1.9, 1e-6));
  sgd.step(theta, std::vector<float>{0.25f, -1.0f});  // (0.95 − 0.025, −1.9 + 0.1)
  CHECK_THAT(theta[0], WithinAbs(0.925, 1e-6));
  CHECK_THAT(theta[1], WithinAbs(-1.8, 1e-6));
  sgd.step(theta, std::vector<float>{0.0f, 2.0f});  // (0.925, −1.8 − 0.2)
  CHECK_THAT(theta[0], WithinAbs(0.925, 1e-6));
  CHECK_THAT(theta[1], WithinAbs(-2.0, 1e-6));
}

TEST_CASE("Adam: bias-corrected moments for three steps", "[optimizer]") {
  Adam adam(0.1f);  // β1 = 0.9, β2 = 0.999, ε = 1e-8
  std::vector<float> theta = {1.0f, -2.0f};

  // Step 1, g = (0.5, −1): m̂ = g, v̂ = g², so each θ moves by η·sign(g).
  adam.step(theta, std::vector<float>{0.5f, -1.0f});
  CHECK_THAT(theta[0], WithinAbs(0.9, 1e-6));
  CHECK_THAT(theta[1], WithinAbs(-1.9, 1e-6));

  // Step 2, g = (0.25, −1).
  //   θ0: m = 0.9·0.05 + 0.1·0.25 = 0.07,  m̂ = 0.07 / (1 − 0.9²) = 0.368421
  //       v = 0.999·0.00025 + 0.001·0.0625 = 0.00031225,  v̂ = v / (1 − 0.999²) = 0.156203
  //       θ0 = 0.9 − 0.1 · 0.368421 / √0.156203 = 0.9 − 0.093218 = 0.806782
  //   θ1: g is constant, so m̂ = −1, v̂ = 1 and θ1 = −1.9 + 0.1 = −1.8
  adam.step(theta, std::vector<float>{0.25f, -1.0f});
  CHECK_THAT(theta[0], WithinAbs(0.806782, 2e-6));
  CHECK_THAT(theta[1], WithinAbs(-1.8, 1e-6));

  // Step 3, g = (0, −1).
  //   θ0: m = 0.9·0.07 = 0.063,  m̂ = 0.063 / (1 − 0.9³) = 0.232472
  //       v = 0.999·0.00031225 = 0.000311938,  v̂ = v / (1 − 0.999³) = 0.104083
  //       θ0 = 0.806782 − 0.1 · 0.232472 / √0.104083 = 0.806782 − 0.072058 = 0.734724
  //   θ1 = −1.8 + 0.1 = −1.7
  adam.step(theta, std::vector<float>{0.0f, -1.0f});
  CHECK_THAT(theta[0], WithinAbs(0.734724, 3e-6));
  CHECK_THAT(theta[1], WithinAbs(-1.7, 1e-6));
}

// The remaining optimizers share one problem: θ = (1, −2) and the gradients
// g1 = (0.5, −1), g2 = (0.25, −1), g3 = (0, 2).
namespace {
const std::vector<std::vector<float>> gradients = {{0.5f, -1.0f}, {0.25f, -1.0f}, {0.0f, 2.0f}};

// Runs three steps and returns θ after each.
std::vector<std::vector<float>> three_steps(Optimizer& optimizer) {
  std::vector<float> theta = {1.0f, -2.0f};
  std::vector<std::vector<float>> after;
  for (const auto& g : gradients) {
    optimizer.step(theta, g);
    after.push_back(theta);
  }
  return after;
}

void check_steps(const std::vector<std::vector<float>>& got,
                 const std::vector<std::vector<double>>& expected) {
  for (std::size_t t = 0; t < 3; ++t)
    for (std::size_t i = 0; i < 2; ++i) {
      INFO("step " << t + 1 << ", parameter " << i);
      CHECK_THAT(got[t][i], WithinAbs(expected[t][i], 1e-5));
    }
}
}  // namespace

TEST_CASE("momentum: v ← μv + g, θ ← θ − ηv for three steps", "[optimizer]") {
  Momentum momentum(0.1f, 0.9f, false);
  // 1: v = (0.5, −1)                          θ = (1 − 0.05, −2 + 0.1)      = (0.95, −1.9)
  // 2: v = (0.45 + 0.25, −0.9 − 1) = (0.7, −1.9)  θ = (0.95 − 0.07, −1.9 + 0.19) = (0.88, −1.71)
  // 3: v = (0.63 + 0, −1.71 + 2) = (0.63, 0.29)   θ = (0.88 − 0.063, −1.71 − 0.029)
  check_steps(three_steps(momentum), {{0.95, -1.9}, {0.88, -1.71}, {0.817, -1.739}});
}

TEST_CASE("Nesterov: θ ← θ − η(g + μv) for three steps", "[optimizer]") {
  Momentum nesterov(0.1f, 0.9f, true);
  // 1: v = (0.5, −1);    g + μv = (0.95, −1.9)             θ = (0.905, −1.81)
  // 2: v = (0.7, −1.9);  g + μv = (0.25 + 0.63, −1 − 1.71)  θ = (0.905 − 0.088, −1.81 + 0.271)
  // 3: v = (0.63, 0.29); g + μv = (0.567, 2 + 0.261)        θ = (0.817 − 0.0567, −1.539 − 0.2261)
  check_steps(three_steps(nesterov), {{0.905, -1.81}, {0.817, -1.539}, {0.7603, -1.7651}});
}

TEST_CASE("Adagrad: G ← G + g², θ ← θ − ηg/√G for three steps", "[optimizer]") {
  Adagrad adagrad(0.1f, 1e-10f);
  // 1: G = (0.25, 1)     θ = (1 − 0.1·0.5/0.5, −2 + 0.1·1/1)         = (0.9, −1.9)
  // 2: G = (0.3125, 2)   θ = (0.9 − 0.025/0.559017, −1.9 + 0.1/1.414214) = (0.855279, −1.829289)
  // 3: G = (0.3125, 6)   θ = (0.855279 − 0, −1.829289 − 0.2/2.449490)  = (0.855279, −1.910939)
  check_steps(three_steps(adagrad), {{0.9, -1.9}, {0.855279, -1.829289}, {0.855279, -1.910939}});
}

TEST_CASE("RMSprop: s ← ρs + (1 − ρ)g², θ ← θ − ηg/√s for three steps", "[optimizer]") {
  RmsProp rmsprop(0.01f, 0.9f, 1e-8f);
  // 1: s = (0.025, 0.1)       θ = (1 − 0.005/0.158114, −2 + 0.01/0.316228)  = (0.968377, −1.968377)
  // 2: s = (0.02875, 0.19)    θ = (… − 0.0025/0.169558, … + 0.01/0.435890)  = (0.953633, −1.945436)
  // 3: s = (0.025875, 0.571)  θ = (0.953633 − 0, −1.945436 − 0.02/0.755645) = (0.953633, −1.971903)
  check_steps(three_steps(rmsprop),
              {{0.968377, -1.968377}, {0.953633, -1.945436}, {0.953633, -1.971903}});
}

TEST_CASE("AdamW: decoupled decay θ ← θ − ηλθ, then Adam, for three steps", "[optimizer]") {
  Adam adamw(0.1f, 0.9f, 0.999f, 1e-8f, 0.1f);  // ηλ = 0.01
  // 1: decay (0.99, −1.98); Adam moves each by η·sign(g):        θ = (0.89, −1.88)
  // 2: decay (0.8811, −1.8612); Adam step for θ0 is 0.093218 (see the Adam test above),
  //    θ1's gradient is constant so its step is 0.1:              θ = (0.787882, −1.7612)
  // 3: decay (0.780003, −1.743588); θ0 step 0.072058 (Adam test);
  //    θ1: m = −0.171 + 0.2 = 0.029, m̂ = 0.029/0.271 = 0.107011,
  //        v = 0.001997 + 0.004 = 0.005997, v̂ = 0.005997/0.002997 = 2.001, step = 0.007565
  //                                                                θ = (0.707946, −1.751153)
  check_steps(three_steps(adamw), {{0.89, -1.88}, {0.787882, -1.7612}, {0.707946, -1.751153}});
}

TEST_CASE("unknown optimizers and bad learning rates are rejected", "[optimizer]") {
  CHECK_THROWS_WITH(make_optimizer("lbfgs", 0.1f), Catch::Contains("unknown optimizer 'lbfgs'"));
  OptimizerOptions options;
  options.momentum = 1.5f;
  CHECK_THROWS_WITH(make_optimizer(options), Catch::Contains("momentum must be in [0"));
  options.momentum = 0.9f;
  options.weight_decay = 0.1f;
  CHECK_THROWS_WITH(make_optimizer(options), Catch::Contains("belongs to adamw"));
  options.name = "adamw";
  CHECK(make_optimizer(options)->name() == "adamw");
  CHECK_THROWS_WITH(make_optimizer("sgd", -1.0f), Catch::Contains("learning rate must be"));
}
