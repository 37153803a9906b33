// Fast kernels against their naive references, and hand-computed values.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/kernels/activations.hpp"
#include "glassbox/kernels/conv.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/kernels/matmul.hpp"

using namespace glassbox;
using Catch::Matchers::Contains;
using Catch::Matchers::WithinAbs;

namespace {

std::vector<float> random_matrix(Rng& rng, std::size_t count, bool with_zeros) {
  std::vector<float> m(count);
  for (float& v : m) v = (with_zeros && rng.uniform() < 0.5) ? 0.0f : rng.uniform(-1.0f, 1.0f);
  return m;
}

float max_difference(const std::vector<float>& a, const std::vector<float>& b) {
  float worst = 0.0f;
  for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
  return worst;
}

// C = A·B (+ C when accumulating) through gemm_nn, gemm_tn (on Aᵀ) and gemm_nt
// (on Bᵀ), each checked equal bit for bit to the float loop over k in order.
void check_layouts_equal_float_loop(const std::vector<float>& a, const std::vector<float>& b,
                                    const std::vector<float>& start, GemmSize s, bool accumulate) {
  auto expected = start;
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t j = 0; j < s.n; ++j) {
      float sum = accumulate ? start[i * s.n + j] : 0.0f;
      for (std::size_t k = 0; k < s.k; ++k) sum += a[i * s.k + k] * b[k * s.n + j];
      expected[i * s.n + j] = sum;
    }
  std::vector<float> at(s.k * s.m), bt(s.n * s.k);
  for (std::size_t i = 0; i < s.m; ++i)
    for (std::size_t k = 0; k < s.k; ++k) at[k * s.m + i] = a[i * s.k + k];
  for (std::size_t k = 0; k < s.k; ++k)
    for (std::size_t j = 0; j < s.n; ++j) bt[j * s.k + k] = b[k * s.n + j];
  auto nn = start, tn = start, nt = start;
  gemm_nn(a, b, nn, s, accumulate);
  gemm_tn(at, b, tn, s, accumulate);
  gemm_nt(a, bt, nt, s, accumulate);
  CHECK(nn == expected);
  CHECK(tn == expected);
  CHECK(nt == expected);
}

}  // namespace

TEST_CASE("fast GEMM kernels equal the naive references", "[kernels]") {
  Rng rng(3);
  // Odd sizes exercise the 4-row tile and its remainder; zeros the skip path.
  for (const GemmSize s :
       {GemmSize{1, 1, 1}, GemmSize{7, 13, 5}, GemmSize{33, 64, 17}, GemmSize{8, 10, 24}}) {
    for (const bool accumulate : {false, true}) {
      const auto a = random_matrix(rng, s.m * s.k, true);
      const auto b = random_matrix(rng, s.k * s.n, false);
      const auto start = random_matrix(rng, s.m * s.n, false);
      auto fast = start, naive = start;
      gemm_nn(a, b, fast, s, accumulate);
      gemm_nn_naive(a, b, naive, s, accumulate);
      CHECK(max_difference(fast, naive) < 1e-5f);

      // Aᵀ stored as (K, M), Bᵀ as (N, K): transpose the same operands.
      std::vector<float> at(s.k * s.m), bt(s.n * s.k);
      for (std::size_t i = 0; i < s.m; ++i)
        for (std::size_t k = 0; k < s.k; ++k) at[k * s.m + i] = a[i * s.k + k];
      for (std::size_t k = 0; k < s.k; ++k)
        for (std::size_t j = 0; j < s.n; ++j) bt[j * s.k + k] = b[k * s.n + j];
      auto tn = start, tn_naive = start, nt = start, nt_naive = start;
      gemm_tn(at, b, tn, s, accumulate);
      gemm_tn_naive(at, b, tn_naive, s, accumulate);
      gemm_nt(a, bt, nt, s, accumulate);
      gemm_nt_naive(a, bt, nt_naive, s, accumulate);
      CHECK(max_difference(tn, tn_naive) < 1e-5f);
      CHECK(max_difference(nt, nt_naive) < 1e-5f);
      CHECK(max_difference(tn, naive) < 1e-5f);  // all three compute A·B
      CHECK(max_difference(nt, naive) < 1e-5f);
      // gemm_nt adds its terms in the same order as gemm_nn on Bᵀ: equal bit for bit.
      CHECK(nt == fast);
    }
  }
}

TEST_CASE("gemm_nn, gemm_tn and gemm_nt add a[i][k]·b[k][j] for k in order, as a float loop does",
          "[kernels]") {
  // The register-blocked kernels keep each c[i][j]'s sum in k order with one
  // rounding per product and per sum, so they equal this float loop bit for
  // bit (what keeps training identical natively and in wasm). Sizes cover
  // full 4-row tiles and the 2- and 1-row remainders; strips of B read in
  // place (M < 16) and packed (M ≥ 16, and always for nt); full strips and
  // last strips of 1, 2 and 3 vectors and of a few columns; several K blocks
  // of 128; and the MLP's first layer.
  Rng rng(11);
  for (const GemmSize s :
       {GemmSize{13, 37, 45}, GemmSize{4, 5, 16}, GemmSize{3, 9, 7}, GemmSize{64, 784, 128},
        GemmSize{37, 300, 45}, GemmSize{22, 257, 3}, GemmSize{17, 129, 29}, GemmSize{8, 25, 576}}) {
    for (const bool accumulate : {false, true}) {
      const auto a = random_matrix(rng, s.m * s.k, true);
      const auto b = random_matrix(rng, s.k * s.n, false);
      const auto start = random_matrix(rng, s.m * s.n, false);
      check_layouts_equal_float_loop(a, b, start, s, accumulate);
    }
  }
}

TEST_CASE("the packed GEMM equals the float loop over k on every edge of its blocking",
          "[kernels]") {
  // gemm_packed.cpp tiles C in 4 × 8 (wasm, SSE) or 6 × 16 (AVX), blocks K
  // by ≤ 256 (longer when B is read in place), rows by 16 tiles, columns by
  // 512, reads B in place when M ≤ 8 (nn, tn), and drops the all-zero k of an A panel; gemm_nt with
  // M ≤ 16 takes the unpacked dot-product kernel instead. None of that may change a bit: each
  // c[i][j] is still the float sum over k in order, so the check is exact equality, no tolerance.
  // Sizes 1, 3, 5 (below a tile), 17, 63, 65, 129 (around 16, 64, 128) in every combination; A is
  // dense, half zeros at random, or zero in whole columns of K (as MNIST's border pixels, which
  // makes panels sparse enough to take the indexed path).
  Rng rng(23);
  const std::size_t edges[] = {1, 3, 5, 17, 63, 65, 129};
  enum class Zeros { none, random, columns };
  const auto run = [&](GemmSize s, Zeros zeros) {
    std::vector<float> a(s.m * s.k);
    for (std::size_t i = 0; i < s.m; ++i)
      for (std::size_t k = 0; k < s.k; ++k) {
        const bool zero =
            zeros == Zeros::random ? rng.uniform() < 0.5 : zeros == Zeros::columns && k % 3 != 0;
        a[i * s.k + k] = zero ? 0.0f : rng.uniform(-1.0f, 1.0f);
      }
    const auto b = random_matrix(rng, s.k * s.n, false);
    const auto start = random_matrix(rng, s.m * s.n, false);
    const bool accumulate = rng.uniform() < 0.5;
    INFO("m=" << s.m << " k=" << s.k << " n=" << s.n << " zeros=" << static_cast<int>(zeros)
              << " accumulate=" << accumulate);
    check_layouts_equal_float_loop(a, b, start, s, accumulate);
  };
  std::size_t count = 0;
  for (const std::size_t m : edges)
    for (const std::size_t k : edges)
      for (const std::size_t n : edges) run({m, k, n}, static_cast<Zeros>(count++ % 3));
  // Past one block: K = 257 and 600 (two and three K blocks), N = 515 (two
  // column blocks), M = 97 and 200 (two and three row blocks), each sparse too.
  for (const GemmSize s :
       {GemmSize{7, 600, 20}, GemmSize{97, 257, 33}, GemmSize{200, 70, 515}, GemmSize{2, 300, 515}})
    for (const Zeros zeros : {Zeros::none, Zeros::random, Zeros::columns}) run(s, zeros);
}

TEST_CASE("a stride-1 unpadded convolution read in place equals im2col then gemm_nn, bit for bit",
          "[kernels]") {
  // conv2d_forward skips im2col when stride = 1 and padding = 0 (the
  // micro-kernel reads each patch row from the image); the sums and their
  // order are those of im2col + gemm_nn, so the outputs must be equal exactly.
  // Shapes: the small CNN's two layers (OW = 24 and 8: whole 8-column strips),
  // OW = 11 and 3 (a strip and a tail, a tail only), 1, 5 and 9 filters (tile
  // edges), and C·k·k = 300 (two K blocks).
  struct Shape {
    std::size_t channels, height, width, filters, kernel;
  };
  Rng rng(29);
  for (const Shape sh : {Shape{1, 28, 28, 8, 5}, Shape{8, 12, 12, 16, 5}, Shape{3, 7, 13, 5, 3},
                         Shape{2, 5, 5, 1, 3}, Shape{12, 9, 14, 9, 5}}) {
    const ConvGeometry g{sh.channels, sh.height, sh.width, sh.filters, sh.kernel, 1, 0};
    const std::size_t pixels = g.out_pixels(), patch = g.patch_size();
    const auto x = random_matrix(rng, sh.channels * sh.height * sh.width, true);
    const auto w = random_matrix(rng, sh.filters * patch, false);
    const auto b = random_matrix(rng, sh.filters, false);
    std::vector<float> scratch(patch * pixels), direct(sh.filters * pixels);
    conv2d_forward(x, w, b, direct, g, scratch);
    std::vector<float> columns(patch * pixels), expected(sh.filters * pixels);
    im2col(x, columns, g);
    for (std::size_t o = 0; o < sh.filters; ++o)
      std::fill_n(expected.begin() + static_cast<long>(o * pixels), pixels, b[o]);
    gemm_nn(w, columns, expected, {sh.filters, patch, pixels}, /*accumulate=*/true);
    INFO("C=" << sh.channels << " H=" << sh.height << " W=" << sh.width << " F=" << sh.filters
              << " k=" << sh.kernel);
    CHECK(direct == expected);
  }
}

// ---- strided and batched GEMM ----------------------------------------------

namespace {

enum class Op { nn, tn, nt };
using StridedGemm = void (*)(std::span<const float>, std::span<const float>, std::span<float>,
                             const GemmLayout&, bool);

struct StridedCase {
  const char* name;
  Op op;
  StridedGemm fast, naive;
};

// How A and B are stored for each op: A (M,K) or (K,M), B (K,N) or (N,K).
std::pair<std::size_t, std::size_t> a_dims(Op op, const GemmLayout& l) {
  return op == Op::tn ? std::pair{l.k, l.m} : std::pair{l.m, l.k};
}
std::pair<std::size_t, std::size_t> b_dims(Op op, const GemmLayout& l) {
  return op == Op::nt ? std::pair{l.n, l.k} : std::pair{l.k, l.n};
}

// Elements spanned by `batch` matrices of (rows, cols) with leading dimension ld.
std::size_t span_of(std::size_t batch, std::size_t stride, std::size_t rows, std::size_t cols,
                    std::size_t ld) {
  return (batch - 1) * stride + (rows - 1) * ld + cols;
}

// Element (r, c) of matrix p of an operand, read as a plain double.
double at(const std::vector<float>& x, std::size_t p, std::size_t stride, std::size_t ld,
          std::size_t r, std::size_t c) {
  return x[p * stride + r * ld + c];
}

// C_p(i,j) = start + Σ_k op(A_p)(i,k) · op(B_p)(k,j), written out independently of
// the kernels' index arithmetic.
double expected(Op op, const GemmLayout& l, const std::vector<float>& a,
                const std::vector<float>& b, double start, std::size_t p, std::size_t i,
                std::size_t j) {
  double sum = start;
  for (std::size_t k = 0; k < l.k; ++k) {
    const double aik =
        op == Op::tn ? at(a, p, l.stride_a, l.lda, k, i) : at(a, p, l.stride_a, l.lda, i, k);
    const double bkj =
        op == Op::nt ? at(b, p, l.stride_b, l.ldb, j, k) : at(b, p, l.stride_b, l.ldb, k, j);
    sum += aik * bkj;
  }
  return sum;
}

}  // namespace

TEST_CASE("strided, batched GEMM kernels equal their naive references and leave padding alone",
          "[kernels]") {
  const StridedCase cases[] = {{"gemm_nn", Op::nn, gemm_nn_strided, gemm_nn_strided_naive},
                               {"gemm_tn", Op::tn, gemm_tn_strided, gemm_tn_strided_naive},
                               {"gemm_nt", Op::nt, gemm_nt_strided, gemm_nt_strided_naive}};
  Rng rng(17);
  const auto pick = [&](std::size_t low, std::size_t high) {  // uniform in [low, high]
    return low + static_cast<std::size_t>(rng.below(high - low + 1));
  };
  for (const StridedCase& kernel : cases) {
    for (int trial = 0; trial < 60; ++trial) {
      // Odd sizes cover the 4-row and 8-column tiles, their edges and the k tail.
      GemmLayout l{};
      l.m = pick(1, 19);
      l.k = pick(1, 21);
      l.n = pick(1, 19);
      l.batch = pick(1, 3);
      const auto [a_rows, a_cols] = a_dims(kernel.op, l);
      const auto [b_rows, b_cols] = b_dims(kernel.op, l);
      // Leading dimensions past the row length: the operand is a sub-block.
      l.lda = a_cols + pick(0, 3);
      l.ldb = b_cols + pick(0, 3);
      l.ldc = l.n + pick(0, 3);
      // Strides past one matrix; A or B sometimes shared by every product (stride 0).
      l.stride_a =
          (l.batch > 1 && pick(0, 3) == 0) ? 0 : span_of(1, 0, a_rows, a_cols, l.lda) + pick(0, 5);
      l.stride_b =
          (l.batch > 1 && pick(0, 3) == 0) ? 0 : span_of(1, 0, b_rows, b_cols, l.ldb) + pick(0, 5);
      l.stride_c = span_of(1, 0, l.m, l.n, l.ldc) + pick(0, 5);
      const bool accumulate = pick(0, 1) == 1;
      INFO(kernel.name << " m=" << l.m << " k=" << l.k << " n=" << l.n << " lda=" << l.lda
                       << " ldb=" << l.ldb << " ldc=" << l.ldc << " batch=" << l.batch
                       << " strides=" << l.stride_a << "," << l.stride_b << "," << l.stride_c
                       << " accumulate=" << accumulate);

      const auto a = random_matrix(
          rng, span_of(l.batch, l.stride_a, a_rows, a_cols, l.lda) + pick(0, 3), true);
      const auto b = random_matrix(
          rng, span_of(l.batch, l.stride_b, b_rows, b_cols, l.ldb) + pick(0, 3), false);
      const auto start =
          random_matrix(rng, span_of(l.batch, l.stride_c, l.m, l.n, l.ldc) + pick(0, 3), false);
      auto fast = start, naive = start;
      kernel.fast(a, b, fast, l, accumulate);
      kernel.naive(a, b, naive, l, accumulate);

      std::vector<bool> inside(start.size(), false);
      float worst_fast = 0.0f, worst_naive = 0.0f;
      for (std::size_t p = 0; p < l.batch; ++p)
        for (std::size_t i = 0; i < l.m; ++i)
          for (std::size_t j = 0; j < l.n; ++j) {
            const std::size_t index = p * l.stride_c + i * l.ldc + j;
            inside[index] = true;
            const double want =
                expected(kernel.op, l, a, b, accumulate ? start[index] : 0.0, p, i, j);
            const float scale = 1.0f + static_cast<float>(std::abs(want));
            worst_fast =
                std::max(worst_fast, std::abs(fast[index] - static_cast<float>(want)) / scale);
            worst_naive =
                std::max(worst_naive, std::abs(naive[index] - static_cast<float>(want)) / scale);
          }
      CHECK(worst_fast < 1e-5f);
      CHECK(worst_naive < 1e-6f);
      std::size_t padding_changed = 0;
      for (std::size_t x = 0; x < start.size(); ++x)
        if (!inside[x] && (fast[x] != start[x] || naive[x] != start[x])) ++padding_changed;
      CHECK(padding_changed == 0);
    }
  }
}

TEST_CASE("strided GEMM multiplies one attention head's columns, by hand", "[kernels]") {
  // Q and K are (T=2, heads·d = 2·2): head 0 in columns 0–1, head 1 in columns 2–3.
  const std::vector<float> q = {1, 2, 3, 4,  //
                                5, 6, 7, 8};
  const std::vector<float> k = {1, 0, 0, 1,  //
                                0, 1, 1, 1};
  // Scores S_h = Q_h · K_hᵀ, (heads, T, T), both heads in one batched call.
  // Head 0: Q_0 = [1 2; 5 6], K_0 = [1 0; 0 1]  → S_0 = [1 2; 5 6].
  // Head 1: Q_1 = [3 4; 7 8], K_1 = [0 1; 1 1]  → S_1 = [3·0+4·1  3·1+4·1; 7·0+8·1  7·1+8·1]
  //                                                  = [4 7; 8 15].
  std::vector<float> s(8, -1.0f);
  const GemmLayout heads{.m = 2,
                         .k = 2,
                         .n = 2,
                         .lda = 4,
                         .ldb = 4,
                         .ldc = 2,
                         .batch = 2,
                         .stride_a = 2,
                         .stride_b = 2,
                         .stride_c = 4};
  gemm_nt_strided(q, k, s, heads, false);
  CHECK(s == std::vector<float>{1, 2, 5, 6, 4, 7, 8, 15});
  std::fill(s.begin(), s.end(), -1.0f);
  gemm_nt_strided_naive(q, k, s, heads, false);
  CHECK(s == std::vector<float>{1, 2, 5, 6, 4, 7, 8, 15});

  // Head 1 alone: the spans start at its first column; C is a 2×2 block of a 2×3
  // buffer (ldc = 3), whose third column must stay untouched.
  std::vector<float> c(6, 9.0f);
  const GemmLayout head1{.m = 2, .k = 2, .n = 2, .lda = 4, .ldb = 4, .ldc = 3};
  gemm_nt_strided(std::span(q).subspan(2), std::span(k).subspan(2), c, head1, false);
  CHECK(c == std::vector<float>{4, 7, 9, 8, 15, 9});
  // With accumulate, Q_1·K_1ᵀ is added to what is there: [4+4 7+7; 8+8 15+15].
  gemm_nt_strided(std::span(q).subspan(2), std::span(k).subspan(2), c, head1, true);
  CHECK(c == std::vector<float>{8, 14, 9, 16, 30, 9});
}

TEST_CASE("strided GEMM refuses layouts its buffers cannot hold", "[kernels]") {
  std::vector<float> a(12), b(12), c(12);
  // 3×4 times 4×3: fits exactly; one element less in B does not.
  const GemmLayout fits{.m = 3, .k = 4, .n = 3, .lda = 4, .ldb = 3, .ldc = 3};
  CHECK_NOTHROW(gemm_nn_strided(a, b, c, fits, false));
  CHECK_THROWS_WITH(gemm_nn_strided(a, std::span(b).first(11), c, fits, false),
                    "gemm_nn: B needs 12 elements for this layout, but its buffer holds 11");
  // A second matrix in the batch needs stride + one more matrix.
  GemmLayout batched = fits;
  batched.batch = 2;
  batched.stride_c = 9;
  CHECK_THROWS_WITH(gemm_nn_strided_naive(a, b, c, batched, false),
                    "gemm_nn: C needs 18 elements for this layout, but its buffer holds 12");
  // A leading dimension shorter than the row would make rows overlap.
  GemmLayout short_ld = fits;
  short_ld.ldc = 2;
  CHECK_THROWS_WITH(gemm_nn_strided(a, b, c, short_ld, false),
                    "gemm_nn: ldc = 2 is smaller than the row length of C (3)");
  // gemm_nt stores B as (N, K): its rows are K = 4 long, so ldb = 3 is refused.
  CHECK_THROWS_WITH(gemm_nt_strided(a, b, c, fits, false),
                    "gemm_nt: ldb = 3 is smaller than the row length of B (4)");
  // Sizes whose products overflow size_t are an Error, not a wrapped small number.
  GemmLayout huge = fits;
  huge.batch = 3;
  huge.stride_a = std::numeric_limits<std::size_t>::max() / 2 + 1;  // 2 · 2⁶³ wraps
  CHECK_THROWS_AS(gemm_nn_strided(a, b, c, huge, false), Error);
  CHECK_THROWS_WITH(gemm_nn_strided(a, b, c, huge, false), Contains("is too large"));
  huge = fits;
  huge.ldb = std::numeric_limits<std::size_t>::max() / 2;  // 2 · ldb + 4 wraps
  CHECK_THROWS_WITH(gemm_nt_strided(a, b, c, huge, false), Contains("too large"));
}

TEST_CASE("GEMM on a 2x2 example computed by hand", "[kernels]") {
  // [1 2] [5 6]   [1·5+2·7  1·6+2·8]   [19 22]
  // [3 4] [7 8] = [3·5+4·7  3·6+4·8] = [43 50]
  const std::vector<float> a = {1, 2, 3, 4}, b = {5, 6, 7, 8};
  std::vector<float> c(4);
  gemm_nn(a, b, c, {2, 2, 2}, false);
  CHECK(c == std::vector<float>{19, 22, 43, 50});
}

TEST_CASE("activations and losses on values computed by hand", "[kernels]") {
  const std::vector<float> x = {-2.0f, 0.0f, 3.0f};
  std::vector<float> y(3), dx(3);
  relu_forward(x, y);
  CHECK(y == std::vector<float>{0.0f, 0.0f, 3.0f});
  relu_backward(x, std::vector<float>{5, 5, 5}, dx);
  CHECK(dx == std::vector<float>{0.0f, 0.0f, 5.0f});

  sigmoid_forward(x, y);
  CHECK_THAT(y[1], WithinAbs(0.5, 1e-7));         // σ(0) = 1/2
  CHECK_THAT(y[2], WithinAbs(0.95257413, 1e-6));  // 1 / (1 + e⁻³)
  sigmoid_backward(y, std::vector<float>{1, 1, 1}, dx);
  CHECK_THAT(dx[1], WithinAbs(0.25, 1e-7));  // σ'(0) = 1/4

  // Logits (0, ln 3): softmax = (1/4, 3/4). Target class 1: L = −ln(3/4).
  const std::vector<float> z = {0.0f, std::log(3.0f)}, t = {0.0f, 1.0f};
  std::vector<float> dz(2);
  CHECK_THAT(softmax_cross_entropy(z, t, dz, 1, 2), WithinAbs(-std::log(0.75), 1e-6));
  CHECK_THAT(dz[0], WithinAbs(0.25, 1e-6));  // p − t
  CHECK_THAT(dz[1], WithinAbs(-0.25, 1e-6));

  // MSE of (1, 3) against (0, 1): ((1)² + (2)²) / 2 = 2.5; dy = 2(y − t)/2 = (1, 2).
  std::vector<float> dy(2);
  CHECK_THAT(mean_squared_error(std::vector<float>{1, 3}, std::vector<float>{0, 1}, dy),
             WithinAbs(2.5, 1e-6));
  CHECK(dy == std::vector<float>{1.0f, 2.0f});
}

TEST_CASE("the other activations and losses on values computed by hand", "[kernels]") {
  const auto f = [](const std::string& name, float x, float alpha = 0.0f) {
    std::vector<float> y(1);
    activation_forward(parse_activation(name), alpha, std::vector<float>{x}, y);
    return y[0];
  };
  CHECK_THAT(f("linear", -1.5f), WithinAbs(-1.5, 1e-7));
  CHECK_THAT(f("tanh", 0.5f), WithinAbs(0.46211716, 1e-6));         // tanh ½
  CHECK_THAT(f("leaky_relu", -2.0f, 0.1f), WithinAbs(-0.2, 1e-7));  // α x
  CHECK_THAT(f("elu", -1.0f, 1.0f), WithinAbs(-0.63212056, 1e-6));  // e⁻¹ − 1
  CHECK_THAT(f("gelu", 1.0f), WithinAbs(0.84119199, 1e-6));  // ½(1 + tanh(√(2/π)·1.044715))
  CHECK_THAT(f("gelu_erf", 1.0f), WithinAbs(0.84134475, 1e-6));  // Φ(1)
  CHECK_THAT(f("swish", 1.0f), WithinAbs(0.73105858, 1e-6));     // σ(1)
  CHECK_THAT(f("softplus", 0.0f), WithinAbs(0.69314718, 1e-6));  // ln 2
  CHECK_THAT(f("softplus", 100.0f), WithinAbs(100.0, 1e-4));     // no overflow

  std::vector<float> p(2);
  softmax_rows(std::vector<float>{0.0f, std::log(3.0f)}, p, 1, 2);
  CHECK_THAT(p[0], WithinAbs(0.25, 1e-6));
  CHECK_THAT(p[1], WithinAbs(0.75, 1e-6));

  std::vector<float> dz(2);
  // BCE at z = 0 is ln 2 whatever the target; dz = (σ(0) − t)/2 = (½ − 1)/2, (½ − 0)/2.
  CHECK_THAT(binary_cross_entropy(std::vector<float>{0, 0}, std::vector<float>{1, 0}, dz),
             WithinAbs(0.69314718, 1e-6));
  CHECK_THAT(dz[0], WithinAbs(-0.25, 1e-7));
  CHECK_THAT(dz[1], WithinAbs(0.25, 1e-7));
  // Huber, δ = 1: r = 0.5 → ½·0.25 = 0.125;  r = 2 → 2 − ½ = 1.5;  mean 0.8125.
  CHECK_THAT(huber_loss(std::vector<float>{0.5f, 3.0f}, std::vector<float>{0, 1}, dz),
             WithinAbs(0.8125, 1e-6));
  CHECK_THAT(dz[0], WithinAbs(0.25, 1e-7));  // r / 2
  CHECK_THAT(dz[1], WithinAbs(0.5, 1e-7));   // δ / 2
}
