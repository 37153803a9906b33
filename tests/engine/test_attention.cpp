// Attention, embedding and positional encoding: the kernel against its naive
// reference, gradient checks, values by hand, the causal mask, round trips.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/kernels/attention.hpp"
#include "glassbox/layers/attention.hpp"
#include "glassbox/layers/embedding.hpp"
#include "glassbox/layers/positional_encoding.hpp"
#include "glassbox/model/model.hpp"
#include "gradcheck.hpp"

using namespace glassbox;
using Catch::Matchers::WithinAbs;
using testing::check_layer_gradients;
using testing::gradient_tolerance;
using testing::max_gradient_error;

namespace {

std::vector<float> random_values(std::size_t n, Rng& rng) {
  std::vector<float> v(n);
  for (float& x : v) x = rng.uniform(-1.0f, 1.0f);
  return v;
}

double max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  double worst = 0.0;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, double{std::abs(a[i] - b[i])});
  return worst;
}

// Binds a layer to its own buffers for a batch of N (a test's tiny arena).
struct Bound {
  std::vector<float> params, grads, cache, workspace;
  Bound(Layer& layer, std::size_t batch, std::uint64_t seed)
      : params(layer.parameter_count()),
        grads(layer.parameter_count()),
        cache(layer.cache_size(batch)),
        workspace(layer.workspace_size(batch)) {
    layer.bind(params, grads);
    layer.bind_buffers(cache, workspace, batch);
    Rng rng(seed);
    layer.initialize(rng);
  }
};

}  // namespace

TEST_CASE("attention kernels equal their naive references", "[attention][kernels]") {
  for (const bool causal : {false, true}) {
    const AttentionSize size{.batch = 3, .tokens = 5, .heads = 2, .head_size = 3, .causal = causal};
    const std::size_t qkv = 3 * 5 * 6, maps = 3 * 2 * 5 * 5;
    Rng rng(11);
    const auto q = random_values(qkv, rng), k = random_values(qkv, rng),
               v = random_values(qkv, rng);
    const auto dc = random_values(qkv, rng);
    std::vector<float> p(maps), c(qkv), p_ref(maps), c_ref(qkv), scratch(maps);
    attention_forward(q, k, v, p, c, size);
    attention_forward_naive(q, k, v, p_ref, c_ref, size);
    CHECK(max_difference(p, p_ref) < 1e-6);
    CHECK(max_difference(c, c_ref) < 1e-6);
    std::vector<float> dq(qkv), dk(qkv), dv(qkv), dq_ref(qkv), dk_ref(qkv), dv_ref(qkv);
    attention_backward(q, k, v, p, dc, scratch, dq, dk, dv, size);
    attention_backward_naive(q, k, v, p, dc, dq_ref, dk_ref, dv_ref, size);
    CHECK(max_difference(dq, dq_ref) < 1e-5);
    CHECK(max_difference(dk, dk_ref) < 1e-5);
    CHECK(max_difference(dv, dv_ref) < 1e-5);
    // Every row of P sums to 1; with the mask, the future gets exactly 0.
    for (std::size_t row = 0; row < 3 * 2 * 5; ++row) {
      double sum = 0.0;
      for (std::size_t j = 0; j < 5; ++j) {
        sum += p[row * 5 + j];
        if (causal && j > row % 5) CHECK(p[row * 5 + j] == 0.0f);
      }
      CHECK_THAT(sum, WithinAbs(1.0, 1e-6));
    }
  }
}

TEST_CASE("attention kernel gradients match central differences; swapped dQ and dK fail",
          "[attention][kernels][bite]") {
  const AttentionSize size{.batch = 2, .tokens = 4, .heads = 2, .head_size = 2, .causal = true};
  const std::size_t qkv = 2 * 4 * 4, maps = 2 * 2 * 4 * 4;
  Rng rng(5);
  auto q = random_values(qkv, rng), k = random_values(qkv, rng), v = random_values(qkv, rng);
  const auto r = random_values(qkv, rng);  // L = Σ r ⊙ C
  std::vector<float> p(maps), c(qkv), scratch(maps), dq(qkv), dk(qkv), dv(qkv);
  const auto loss = [&] {
    attention_forward(q, k, v, p, c, size);
    double sum = 0.0;
    for (std::size_t i = 0; i < qkv; ++i) sum += double{r[i]} * c[i];
    return sum;
  };
  loss();
  attention_backward(q, k, v, p, r, scratch, dq, dk, dv, size);
  CHECK(max_gradient_error(q, dq, loss) < gradient_tolerance);
  CHECK(max_gradient_error(k, dk, loss) < gradient_tolerance);
  CHECK(max_gradient_error(v, dv, loss) < gradient_tolerance);
  // The negative case: dK handed back as dQ is rejected.
  CHECK_FALSE(max_gradient_error(q, dk, loss) < gradient_tolerance);
  CHECK_FALSE(max_gradient_error(k, dq, loss) < gradient_tolerance);
}

TEST_CASE("attention kernel refuses buffers smaller than its layout", "[attention][kernels]") {
  const AttentionSize size{.batch = 1, .tokens = 3, .heads = 1, .head_size = 2};
  std::vector<float> q(6), k(6), v(5), p(9), c(6);
  CHECK_THROWS_WITH(attention_forward(q, k, v, p, c, size),
                    "attention_forward: a buffer holds 5 floats, the layout needs 6");
}

TEST_CASE("attention layer: gradient check, with and without the mask, 1 and 2 heads",
          "[attention][gradients]") {
  for (const bool causal : {false, true}) {
    for (const std::size_t heads : {std::size_t{1}, std::size_t{2}}) {
      Attention layer({5, 4}, heads, 0, causal);
      const auto errors = check_layer_gradients(layer, 3, 17);
      CHECK(errors.input < gradient_tolerance);
      CHECK(errors.parameters < gradient_tolerance);
    }
  }
  // A head size other than D / heads (E = 6 ≠ D = 4).
  Attention wide({3, 4}, 2, 3, false);
  const auto errors = check_layer_gradients(wide, 2, 3);
  CHECK(errors.input < gradient_tolerance);
  CHECK(errors.parameters < gradient_tolerance);
}

TEST_CASE("attention on 2 tokens with 1 head, computed by hand", "[attention]") {
  // D = d = 2, W_in = [I | I | I], W_out = I, biases 0: Q = K = V = x.
  // x0 = (1, 0), x1 = (1, 1).  S = Q·Kᵀ/√2:
  //   S[0] = (1, 1)/√2       → P[0] = (½, ½)                y0 = ½x0 + ½x1 = (1, 0.5)
  //   S[1] = (1, 2)/√2       → P[1][1] = σ(1/√2) = 0.6697615, P[1][0] = 0.3302385
  //                             y1 = 0.3302385·x0 + 0.6697615·x1 = (1, 0.6697615)
  // Causal: query 0 sees only key 0, so P[0] = (1, 0) and y0 = x0 = (1, 0); y1 is unchanged.
  // Without the 1/√2, P[1][1] would be σ(1) = 0.7310586: the scale is visible.
  for (const bool causal : {false, true}) {
    Attention layer({2, 2}, 1, 0, causal);
    Bound b(layer, 1, 1);
    std::fill(b.params.begin(), b.params.end(), 0.0f);
    for (std::size_t r = 0; r < 2; ++r)
      for (std::size_t block = 0; block < 3; ++block) b.params[r * 6 + block * 2 + r] = 1.0f;
    b.params[12 + 6 + 0] = 1.0f;  // out_proj.weight = I, after in_proj (12) and its bias (6)
    b.params[12 + 6 + 3] = 1.0f;
    const std::vector<float> x = {1, 0, 1, 1};
    std::vector<float> y(4);
    layer.forward(x, y, 1);
    CHECK_THAT(y[0], WithinAbs(1.0, 1e-6));
    CHECK_THAT(y[1], WithinAbs(causal ? 0.0 : 0.5, 1e-6));
    CHECK_THAT(y[2], WithinAbs(1.0, 1e-6));
    CHECK_THAT(y[3], WithinAbs(0.6697615, 1e-6));
    const auto internals = layer.internals(x, y, 1);
    REQUIRE(internals[0].name == "probabilities");
    CHECK(internals[0].shape == Shape{1, 2, 2});
    CHECK_THAT(internals[0].values[1], WithinAbs(causal ? 0.0 : 0.5, 1e-6));
    CHECK_THAT(internals[0].values[2], WithinAbs(0.3302385, 1e-6));
    CHECK(std::abs(internals[0].values[3] - 0.7310586f) > 0.06f);  // not the unscaled value
    REQUIRE(internals[1].name == "query");
    CHECK(internals[1].values[2] == 1.0f);  // Q for position 1 is x1 = (1, 1)
    CHECK(internals[1].values[3] == 1.0f);
  }
}

TEST_CASE("causal attention: no gradient flows from a position to an earlier one's future",
          "[attention][bite]") {
  // ∂y_i/∂x_j must be exactly 0 for j > i. Seed dy at one position i only and
  // read dx: rows after i are zero under the mask, and not zero without it.
  for (const bool causal : {true, false}) {
    const std::size_t T = 5, D = 4;
    Attention layer({T, D}, 2, 0, causal);
    Bound b(layer, 1, 9);
    Rng rng(4);
    const auto x = random_values(T * D, rng);
    std::vector<float> y(T * D), dx(T * D);
    layer.forward(x, y, 1);
    for (std::size_t i = 0; i < T; ++i) {
      std::vector<float> dy(T * D, 0.0f);
      for (std::size_t d = 0; d < D; ++d) dy[i * D + d] = 1.0f;
      layer.backward(x, y, dy, dx, 1);
      for (std::size_t j = 0; j < T; ++j) {
        double row = 0.0;
        for (std::size_t d = 0; d < D; ++d) row += std::abs(dx[j * D + d]);
        if (j <= i || !causal) {
          CHECK(row > 1e-4);
        } else {
          CHECK(row == 0.0);
        }
      }
    }
  }
}

TEST_CASE("attention refuses shapes it cannot take", "[attention]") {
  CHECK_THROWS_WITH(Attention({6}, 1, 0, false),
                    "attention needs a sequence of shape [T, D], got [6]");
  CHECK_THROWS_WITH(Attention({4, 6}, 4, 0, false),
                    "attention: 6 features do not split into 4 heads; give \"head_size\" or a "
                    "head count that divides 6");
  CHECK_THROWS_WITH(Architecture::from_json(
                        R"({"input": [3, 4], "layers": [{"type": "attention", "heads": 0}]})"),
                    Catch::Contains("attention \"heads\" must be a whole number in 1..64, got 0"));
  // T · E = 4096 · 2^17 floats per sample is over 2^28: refused, not wrapped.
  CHECK_THROWS_WITH(Attention({4096, 2}, 1, 131072, false),
                    "attention is too large: 4096 × 131072 = 536870912 values; the limit is "
                    "268435456 (1 GiB of float32, sized for a 32-bit WebAssembly tab)");
}

TEST_CASE("embedding: rows by hand, gradient check on the table, bad ids", "[embedding]") {
  Embedding layer({3}, 4, 2);
  Bound b(layer, 2, 1);
  // Table row v = (v, 10 + v); ids (2, 0, 2) and (3, 3, 1).
  for (std::size_t v = 0; v < 4; ++v) b.params[v * 2] = float(v), b.params[v * 2 + 1] = 10.0f + v;
  const std::vector<float> ids = {2, 0, 2, 3, 3, 1};
  std::vector<float> y(12);
  layer.forward(ids, y, 2);
  CHECK(y == std::vector<float>{2, 12, 0, 10, 2, 12, 3, 13, 3, 13, 1, 11});
  // dW[v] = Σ of dy over the positions holding v: id 2 twice in sample 0.
  std::vector<float> dy(12), dx(6, 5.0f);
  for (std::size_t i = 0; i < 12; ++i) dy[i] = float(i + 1);
  layer.backward(ids, y, dy, dx, 2);
  CHECK(b.grads == std::vector<float>{3, 4, 11, 12, 1 + 5, 2 + 6, 7 + 9, 8 + 10});
  CHECK(dx == std::vector<float>(6, 0.0f));  // ids are not differentiable

  // Numeric check on the table: L = Σ r ⊙ y.
  Rng rng(2);
  const auto r = random_values(12, rng);
  std::fill(b.grads.begin(), b.grads.end(), 0.0f);
  layer.backward(ids, y, r, {}, 2);
  const auto loss = [&] {
    layer.forward(ids, y, 2);
    double s = 0.0;
    for (std::size_t i = 0; i < 12; ++i) s += double{r[i]} * y[i];
    return s;
  };
  CHECK(max_gradient_error(b.params, b.grads, loss) < gradient_tolerance);

  const std::vector<float> bad = {0, 4, 1};
  CHECK_THROWS_WITH(layer.forward(bad, y, 1),
                    "embedding: token 1 of sample 0 is 4.000000; token ids must be whole numbers "
                    "in [0, 4)");
  CHECK_THROWS_WITH(Embedding({3, 2}, 4, 2),
                    "embedding needs token ids of shape [T] (an architecture with "
                    "\"vocabulary\"), got [3, 2]");
}

TEST_CASE("sinusoidal positional encoding by hand; learned one passes the gradient check",
          "[positional]") {
  PositionalEncoding sinusoidal({3, 4}, PositionalEncoding::Kind::sinusoidal);
  CHECK(sinusoidal.parameter_count() == 0);
  // D = 4: columns (sin, cos) of t / 10000^0 = t and of t / 10000^(2/4) = t / 100.
  // t = 2: (sin 2, cos 2, sin 0.02, cos 0.02) = (0.9092974, −0.4161468, 0.0199987, 0.9998000).
  const auto pe = sinusoidal.encoding();
  CHECK(pe[0] == 0.0f);
  CHECK(pe[1] == 1.0f);
  CHECK_THAT(pe[8], WithinAbs(0.9092974, 1e-6));
  CHECK_THAT(pe[9], WithinAbs(-0.4161468, 1e-6));
  CHECK_THAT(pe[10], WithinAbs(0.0199987, 1e-6));
  CHECK_THAT(pe[11], WithinAbs(0.9998000, 1e-6));
  const auto sinusoidal_errors = check_layer_gradients(sinusoidal, 2, 3);
  CHECK(sinusoidal_errors.input < gradient_tolerance);

  PositionalEncoding learned({3, 4}, PositionalEncoding::Kind::learned);
  const auto errors = check_layer_gradients(learned, 2, 3);
  CHECK(errors.input < gradient_tolerance);
  CHECK(errors.parameters < gradient_tolerance);
  CHECK_THROWS_WITH(PositionalEncoding({12}, PositionalEncoding::Kind::learned),
                    "positional_encoding needs a sequence of shape [T, D] (put it after an "
                    "embedding), got [12]");
}

TEST_CASE("a token model with embedding, positional encoding and attention round-trips",
          "[attention][safetensors]") {
  const auto arch = Architecture::from_json(R"({"input": 4, "vocabulary": 6, "layers": [
      {"type": "embedding", "vocabulary": 6, "dimension": 8},
      {"type": "positional_encoding", "kind": "learned"},
      {"type": "attention", "heads": 2, "causal": true},
      {"type": "dense", "units": 6}]})");
  Model model(arch, 7);
  const auto names = model.named_tensors();
  REQUIRE(names.size() == 8);
  CHECK(names[0].name == "layers.0.weight");
  CHECK(names[0].shape == Shape{6, 8});
  CHECK(names[1].name == "layers.1.weight");
  CHECK(names[2].name == "layers.2.in_proj_weight");
  CHECK(names[2].shape == Shape{8, 24});
  CHECK(names[4].name == "layers.2.out_proj.weight");
  const auto file = save_safetensors(model);
  Model loaded = load_safetensors(file);
  CHECK(save_safetensors(loaded) == file);
  const std::vector<float> ids = {1, 5, 0, 3, 2, 2, 4, 1};
  CHECK(model.predict(ids, 2) == loaded.predict(ids, 2));
  CHECK(loaded.architecture().to_json() == model.architecture().to_json());
}
