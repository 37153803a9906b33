#include "glassbox/kernels/matmul.hpp"

#include <algorithm>
#include <cstring>
#include <limits>
#include <string>

#include "gemm_packed.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"

namespace glassbox {
namespace {

enum Operand { kA, kB, kC };

// Elements an operand spans: from its first element to the last element of the
// last row of the last matrix, (batch−1)·stride + (rows−1)·ld + cols, or 0 when
// it is empty. Overflow throws Error instead of wrapping to a small number.
std::size_t extent(Operand which, std::size_t batch, std::size_t stride, std::size_t rows,
                   std::size_t cols, std::size_t ld) {
  if (batch == 0 || rows == 0 || cols == 0) return 0;
  // Built once: checks on the hot path must not allocate.
  static const std::string what[] = {"matrix multiply: the layout of A",
                                     "matrix multiply: the layout of B",
                                     "matrix multiply: the layout of C"};
  const std::size_t last_matrix = checked_multiply(batch - 1, stride, what[which]);
  const std::size_t last_row = checked_multiply(rows - 1, ld, what[which]);
  const std::size_t max = std::numeric_limits<std::size_t>::max();
  if (last_row > max - last_matrix || cols > max - last_matrix - last_row) {
    throw Error(what[which] + " is too large to address");
  }
  return last_matrix + last_row + cols;
}

// Validates one operand stored (rows, cols) with leading dimension ld.
void check_operand(const char* kernel, Operand which, std::size_t size, std::size_t batch,
                   std::size_t stride, std::size_t rows, std::size_t cols, std::size_t ld) {
  static constexpr const char* names[] = {"A", "B", "C"};
  static constexpr const char* ld_names[] = {"lda", "ldb", "ldc"};
  if (ld < cols) {
    throw Error(std::string(kernel) + ": " + ld_names[which] + " = " + std::to_string(ld) +
                " is smaller than the row length of " + names[which] + " (" + std::to_string(cols) +
                ")");
  }
  const std::size_t needed = extent(which, batch, stride, rows, cols, ld);
  if (size < needed) {
    throw Error(std::string(kernel) + ": " + names[which] + " needs " + std::to_string(needed) +
                " elements for this layout, but its buffer holds " + std::to_string(size));
  }
}

// A stored (a_rows, a_cols), B stored (b_rows, b_cols), C (M, N).
void check_layout(const char* kernel, std::span<const float> a, std::span<const float> b,
                  std::span<float> c, const GemmLayout& l, std::size_t a_rows, std::size_t a_cols,
                  std::size_t b_rows, std::size_t b_cols) {
  check_operand(kernel, kA, a.size(), l.batch, l.stride_a, a_rows, a_cols, l.lda);
  check_operand(kernel, kB, b.size(), l.batch, l.stride_b, b_rows, b_cols, l.ldb);
  check_operand(kernel, kC, c.size(), l.batch, l.stride_c, l.m, l.n, l.ldc);
}

// C(M,N) = 0 within its leading dimension; padding between rows is left alone.
void zero_block(float* c, std::size_t m, std::size_t n, std::size_t ldc) {
  for (std::size_t i = 0; i < m; ++i) std::fill_n(c + i * ldc, n, 0.0f);
}

// True when a product has no terms to add (M, N or K is 0): C is then zeroed
// unless accumulating, and the caller returns without touching A or B.
bool empty_product(std::span<float> c, const GemmLayout& l, bool accumulate) {
  if (l.m != 0 && l.n != 0 && l.k != 0) return false;
  if (!accumulate && l.m != 0 && l.n != 0)
    for (std::size_t p = 0; p < l.batch; ++p)
      zero_block(c.data() + p * l.stride_c, l.m, l.n, l.ldc);
  return true;
}

// The fast kernels live in gemm_packed.cpp (the blocking scheme is described
// there); this file validates layouts, loops over the batch and keeps the
// naive references the tests hold them to.
using detail::GemmOp;

// C_p (+)= op(A_p) · op(B_p) for every p of the batch, after the checks.
void gemm_batched(GemmOp op, std::span<const float> a, std::span<const float> b, std::span<float> c,
                  const GemmLayout& l, bool accumulate) {
  for (std::size_t p = 0; p < l.batch; ++p) {
    float* cp = c.data() + p * l.stride_c;
    if (!accumulate) zero_block(cp, l.m, l.n, l.ldc);
    detail::gemm_packed(op, a.data() + p * l.stride_a, l.lda, b.data() + p * l.stride_b, l.ldb, cp,
                        l.ldc, l.m, l.k, l.n);
  }
}

// ---- gemm_nt with few rows: dot products in registers, nothing packed -------
//
// The packed kernel transposes B into panels, a copy reused by ⌈M / MR⌉ row
// panels; a convolution's weight gradient dW(F, C·k·k) = dY · Pᵀ has M = F =
// 8 or 16 filters, too few to pay for it (in node on 2026-12-02, 8×576×25
// ran at 0.6× this kernel's speed and 16×64×200 at 0.8–0.9×). Same order of every sum (k = 0, 1,
// …), so the same bits.
constexpr std::size_t kNtSmallRows = 16;

// Four floats, one SIMD register (SSE natively, simd128 in wasm).
using Float4 = float __attribute__((vector_size(16)));

inline Float4 load4(const float* p) {
  Float4 v;
  std::memcpy(&v, p, sizeof v);
  return v;
}

// Lanes l of rows r0…r3 become row l of the result: a 4×4 transpose.
inline void transpose4(Float4& r0, Float4& r1, Float4& r2, Float4& r3) {
  const Float4 t0 = __builtin_shufflevector(r0, r1, 0, 4, 1, 5);
  const Float4 t1 = __builtin_shufflevector(r0, r1, 2, 6, 3, 7);
  const Float4 t2 = __builtin_shufflevector(r2, r3, 0, 4, 1, 5);
  const Float4 t3 = __builtin_shufflevector(r2, r3, 2, 6, 3, 7);
  r0 = __builtin_shufflevector(t0, t2, 0, 1, 4, 5);
  r1 = __builtin_shufflevector(t0, t2, 2, 3, 6, 7);
  r2 = __builtin_shufflevector(t1, t3, 0, 1, 4, 5);
  r3 = __builtin_shufflevector(t1, t3, 2, 3, 6, 7);
}

// acc[r] += Σ_{t<4} a[r][k+t] · (b_0[k+t], …, b_3[k+t]), terms in t order: four
// rows of B (pointers b_l) are loaded and transposed 4×4 in registers.
template <int R>
inline void add_four_k(Float4 (&acc)[R], const float* const* b, const float* a, std::size_t lda,
                       std::size_t k) {
  Float4 bt0 = load4(b[0] + k), bt1 = load4(b[1] + k), bt2 = load4(b[2] + k), bt3 = load4(b[3] + k);
  transpose4(bt0, bt1, bt2, bt3);
  for (int r = 0; r < R; ++r) {
    const Float4 ar = load4(a + r * lda + k);
    acc[r] += ar[0] * bt0;
    acc[r] += ar[1] * bt1;
    acc[r] += ar[2] * bt2;
    acc[r] += ar[3] * bt3;
  }
}

// A block of R rows × 8 columns of C(M,N) += A(M,K) · B(N,K)ᵀ, kept in
// registers for all K. Four k at a time, the 8×4 block of B (rows j…j+7) is
// loaded and transposed in registers into four rows of Bᵀ; then for each k,
// c[r][j…j+7] += a[r][k] · (row k of Bᵀ). So each c[i][j] adds a[i][k]·b[j][k]
// for k increasing, as gemm_nn does on Bᵀ, and no transposed copy is stored.
// Lanes past `cols` (1…8) re-read column cols−1 and are never stored.
template <int R>
void gemm_nt_block(const float* a, std::size_t lda, const float* b, std::size_t ldb, float* c,
                   std::size_t ldc, std::size_t K, std::size_t cols) {
  const float* bj[8];
  for (std::size_t l = 0; l < 8; ++l) bj[l] = b + std::min(l, cols - 1) * ldb;
  Float4 lo[R], hi[R];
  for (int r = 0; r < R; ++r) {
    float row[8] = {};
    const float* cr = c + r * ldc;
    if (cols < 8) cr = std::copy_n(cr, cols, row) - cols;
    lo[r] = load4(cr);
    hi[r] = load4(cr + 4);
  }
  std::size_t k = 0;
  for (; k + 4 <= K; k += 4) {
    // Columns j…j+3, then j+4…j+7 (one half at a time, so that the block
    // fits in 16 registers): bt[t] = (b[j][k+t], …, b[j+3][k+t]).
    add_four_k<R>(lo, bj, a, lda, k);
    add_four_k<R>(hi, bj + 4, a, lda, k);
  }
  for (; k < K; ++k) {
    const Float4 b_lo = {bj[0][k], bj[1][k], bj[2][k], bj[3][k]};
    const Float4 b_hi = {bj[4][k], bj[5][k], bj[6][k], bj[7][k]};
    for (int r = 0; r < R; ++r) {
      const float ark = a[r * lda + k];
      lo[r] += ark * b_lo;
      hi[r] += ark * b_hi;
    }
  }
  for (int r = 0; r < R; ++r) {
    float row[8];
    float* cr = cols < 8 ? row : c + r * ldc;
    std::memcpy(cr, &lo[r], sizeof lo[r]);
    std::memcpy(cr + 4, &hi[r], sizeof hi[r]);
    if (cols < 8) std::copy_n(row, cols, c + r * ldc);
  }
}

// One product C(M,N) += A(M,K) · B(N,K)ᵀ in blocks of 4 rows × 8 columns.
void gemm_nt_one(const float* a, std::size_t lda, const float* b, std::size_t ldb, float* c,
                 std::size_t ldc, std::size_t M, std::size_t K, std::size_t N) {
  for (std::size_t j = 0; j < N; j += 8) {
    const std::size_t cols = std::min<std::size_t>(8, N - j);
    std::size_t i = 0;
    for (; i + 4 <= M; i += 4)
      gemm_nt_block<4>(a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, K, cols);
    for (; i < M; ++i)
      gemm_nt_block<1>(a + i * lda, lda, b + j * ldb, ldb, c + i * ldc + j, ldc, K, cols);
  }
}

}  // namespace

// ---- gemm_nn: C_p(M,N) (+)= A_p(M,K) · B_p(K,N) ------------------------------

void gemm_nn_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& l, bool accumulate) {
  check_layout("gemm_nn", a, b, c, l, l.m, l.k, l.k, l.n);
  if (empty_product(c, l, accumulate)) return;
  gemm_batched(GemmOp::nn, a, b, c, l, accumulate);
}

void gemm_nn_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& l, bool accumulate) {
  check_layout("gemm_nn", a, b, c, l, l.m, l.k, l.k, l.n);
  for (std::size_t p = 0; p < l.batch; ++p)
    for (std::size_t i = 0; i < l.m; ++i)
      for (std::size_t j = 0; j < l.n; ++j) {
        float& cij = c[p * l.stride_c + i * l.ldc + j];
        double sum = accumulate ? cij : 0.0;
        for (std::size_t k = 0; k < l.k; ++k)
          sum += double{a[p * l.stride_a + i * l.lda + k]} * b[p * l.stride_b + k * l.ldb + j];
        cij = static_cast<float>(sum);
      }
}

// ---- gemm_tn: C_p(M,N) (+)= A_p(K,M)ᵀ · B_p(K,N) -----------------------------

void gemm_tn_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& l, bool accumulate) {
  check_layout("gemm_tn", a, b, c, l, l.k, l.m, l.k, l.n);
  if (empty_product(c, l, accumulate)) return;
  gemm_batched(GemmOp::tn, a, b, c, l, accumulate);
}

void gemm_tn_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& l, bool accumulate) {
  check_layout("gemm_tn", a, b, c, l, l.k, l.m, l.k, l.n);
  for (std::size_t p = 0; p < l.batch; ++p)
    for (std::size_t i = 0; i < l.m; ++i)
      for (std::size_t j = 0; j < l.n; ++j) {
        float& cij = c[p * l.stride_c + i * l.ldc + j];
        double sum = accumulate ? cij : 0.0;
        for (std::size_t k = 0; k < l.k; ++k)
          sum += double{a[p * l.stride_a + k * l.lda + i]} * b[p * l.stride_b + k * l.ldb + j];
        cij = static_cast<float>(sum);
      }
}

// ---- gemm_nt: C_p(M,N) (+)= A_p(M,K) · B_p(N,K)ᵀ -----------------------------

void gemm_nt_strided(std::span<const float> a, std::span<const float> b, std::span<float> c,
                     const GemmLayout& l, bool accumulate) {
  check_layout("gemm_nt", a, b, c, l, l.m, l.k, l.n, l.k);
  if (empty_product(c, l, accumulate)) return;
  if (l.m > kNtSmallRows) return gemm_batched(GemmOp::nt, a, b, c, l, accumulate);
  for (std::size_t p = 0; p < l.batch; ++p) {
    float* cp = c.data() + p * l.stride_c;
    if (!accumulate) zero_block(cp, l.m, l.n, l.ldc);
    gemm_nt_one(a.data() + p * l.stride_a, l.lda, b.data() + p * l.stride_b, l.ldb, cp, l.ldc, l.m,
                l.k, l.n);
  }
}

void gemm_nt_strided_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                           const GemmLayout& l, bool accumulate) {
  check_layout("gemm_nt", a, b, c, l, l.m, l.k, l.n, l.k);
  for (std::size_t p = 0; p < l.batch; ++p)
    for (std::size_t i = 0; i < l.m; ++i)
      for (std::size_t j = 0; j < l.n; ++j) {
        float& cij = c[p * l.stride_c + i * l.ldc + j];
        double sum = accumulate ? cij : 0.0;
        for (std::size_t k = 0; k < l.k; ++k)
          sum += double{a[p * l.stride_a + i * l.lda + k]} * b[p * l.stride_b + j * l.ldb + k];
        cij = static_cast<float>(sum);
      }
}

// ---- contiguous wrappers: dense row-major operands, batch 1 ------------------

namespace {
// A (M,K) or (K,M), B (K,N) or (N,K), C (M,N), each row stride its row length.
GemmLayout nn_layout(GemmSize s) {
  return {s.m, s.k, s.n, s.k, s.n, s.n};
}
GemmLayout tn_layout(GemmSize s) {
  return {s.m, s.k, s.n, s.m, s.n, s.n};
}
GemmLayout nt_layout(GemmSize s) {
  return {s.m, s.k, s.n, s.k, s.k, s.n};
}
}  // namespace

void gemm_nn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  gemm_nn_strided(a, b, c, nn_layout(s), accumulate);
}
void gemm_nn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  gemm_nn_strided_naive(a, b, c, nn_layout(s), accumulate);
}
void gemm_tn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  gemm_tn_strided(a, b, c, tn_layout(s), accumulate);
}
void gemm_tn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  gemm_tn_strided_naive(a, b, c, tn_layout(s), accumulate);
}
void gemm_nt(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  gemm_nt_strided(a, b, c, nt_layout(s), accumulate);
}
void gemm_nt_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  gemm_nt_strided_naive(a, b, c, nt_layout(s), accumulate);
}

}  // namespace glassbox
