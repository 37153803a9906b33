// Hand-computed forward values and save/load round trips of each layer.
#include <catch2/catch.hpp>

#include "glassbox/inspect/inspect.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/layers/dense.hpp"

using namespace glassbox;

TEST_CASE("dense forward on values computed by hand", "[layers][dense]") {
  Dense dense({2}, 3, Init::xavier_uniform);
  // W (in=2, out=3) then b (3), as laid out in the flat buffer.
  std::vector<float> params = {1,    2,  3,  //
                               4,    5,  6,  //
                               0.5f, -1, 0};
  std::vector<float> grads(params.size());
  dense.bind(params, grads);
  std::vector<float> y(3);
  dense.forward(std::vector<float>{1, -1}, y, 1);
  // x·W + b = (1−4, 2−5, 3−6) + (0.5, −1, 0) = (−2.5, −4, −3)
  CHECK(y == std::vector<float>{-2.5f, -4.0f, -3.0f});

  // dy = (1, 0, 2): dW = xᵀ·dy, db = dy, dx = dy·Wᵀ = (1·1+0·2+2·3, 1·4+0·5+2·6)
  std::vector<float> dx(2);
  dense.backward(std::vector<float>{1, -1}, y, std::vector<float>{1, 0, 2}, dx, 1);
  CHECK(dx == std::vector<float>{7.0f, 16.0f});
  CHECK(grads == std::vector<float>{1, 0, 2, -1, 0, -2, 1, 0, 2});
}

TEST_CASE("each layer type survives a save/load round trip", "[layers][safetensors]") {
  for (const std::string activation : {"relu", "sigmoid"}) {
    const Architecture arch =
        Architecture::from_sizes("6-5-4-3", activation, LossKind::softmax_cross_entropy);
    Model model(arch, 21);
    Model loaded = load_safetensors(save_safetensors(model));
    CHECK(loaded.architecture().to_json() == arch.to_json());
    CHECK(std::equal(model.parameters().begin(), model.parameters().end(),
                     loaded.parameters().begin(), loaded.parameters().end()));
    const std::vector<float> x = {0.1f, -0.2f, 0.3f, 0.9f, -1.0f, 0.0f};
    CHECK(model.predict(x, 1) == loaded.predict(x, 1));
  }
}

TEST_CASE("top contributions rank |w·a| into a dense layer", "[inspect]") {
  Model model(Architecture::from_sizes("3-2", "relu", LossKind::softmax_cross_entropy), 1);
  auto p = model.parameters();
  // W (3×2): rows are inputs.  b = 0.
  const std::vector<float> w = {1.0f, -4.0f,  //
                                0.5f, 2.0f,   //
                                3.0f, 0.1f};
  std::copy(w.begin(), w.end(), p.begin());
  p[6] = p[7] = 0.0f;
  model.forward(std::vector<float>{2.0f, 0.0f, -1.0f}, 1);
  // w·a: (0→0) 2, (0→1) −8, (1→·) 0 (skipped), (2→0) −3, (2→1) −0.1
  const auto top = top_contributions(model, 0, 3);
  REQUIRE(top.size() == 3);
  CHECK((top[0].from == 0 && top[0].to == 1 && top[0].value == -8.0f));
  CHECK((top[1].from == 2 && top[1].to == 0 && top[1].value == -3.0f));
  CHECK((top[2].from == 0 && top[2].to == 0 && top[2].value == 2.0f));
  CHECK(top_contributions(model, 0, 100).size() == 4);  // inactive inputs never count
  CHECK_THROWS_WITH(top_contributions(model, 1, 3), Catch::Contains("no layer 1"));
  Model deeper(Architecture::from_sizes("3-2-2", "relu", LossKind::softmax_cross_entropy), 1);
  deeper.forward(std::vector<float>{1, 2, 3}, 1);
  CHECK_THROWS_WITH(
      top_contributions(deeper, 1, 3),
      Catch::Contains("layer 1 is relu, which has no (in, out) weight matrix to rank"));
}

TEST_CASE("weight gradient norms are listed per weight tensor, biases left out", "[inspect]") {
  Model model(Architecture::from_sizes("2-3-2", "relu", LossKind::mse), 1);
  auto g = model.gradients();  // W0 (2×3), b0 (3), W1 (3×2), b1 (2)
  std::fill(g.begin(), g.end(), 0.0f);
  g[0] = 3.0f, g[1] = 4.0f;  // ‖dW0‖ = 5
  g[6] = 100.0f;             // a bias: not counted
  g[9] = 1.0f;               // in W1
  const auto norms = weight_gradient_norms(model);
  REQUIRE(norms.size() == 2);
  CHECK(norms[0].name == "layers.0.weight");
  CHECK(norms[0].norm == 5.0f);
  CHECK(norms[1].name == "layers.2.weight");
  CHECK(norms[1].norm == 1.0f);
}
