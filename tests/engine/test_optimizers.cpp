// The first three steps of each optimizer on a 2-parameter problem, against
// arithmetic done by hand (written out in the comments).
#include <catch2/catch.hpp>

#include "glassbox/optimizer.hpp"

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

TEST_CASE("unknown optimizers and bad learning rates are rejected", "[optimizer]") {
  CHECK_THROWS_WITH(make_optimizer("adagrad", 0.1f), Catch::Contains("use sgd or adam"));
  CHECK_THROWS_WITH(make_optimizer("sgd", -1.0f), Catch::Contains("positive"));
}
