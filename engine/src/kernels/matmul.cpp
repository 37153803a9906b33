#include "glassbox/kernels/matmul.hpp"

#include <algorithm>
#include <vector>

#include "glassbox/core/error.hpp"

namespace glassbox {
namespace {

void check_sizes(std::span<const float> a, std::span<const float> b, std::span<float> c,
                 GemmSize s) {
  require(a.size() >= s.m * s.k && b.size() >= s.k * s.n && c.size() >= s.m * s.n,
          "matrix multiply: buffers are smaller than the shapes say");
}

// Row i of C += a_i * row of B, four rows of C at a time: B's row is loaded
// once for four outputs. Zero inputs are skipped (MNIST pixels are mostly 0).
void gemm_nn_rows4(const float* a, const float* __restrict b, float* c, GemmSize s) {
  float* __restrict c0 = c;
  float* __restrict c1 = c + s.n;
  float* __restrict c2 = c + 2 * s.n;
  float* __restrict c3 = c + 3 * s.n;
  for (std::size_t k = 0; k < s.k; ++k) {
    const float a0 = a[k], a1 = a[s.k + k], a2 = a[2 * s.k + k], a3 = a[3 * s.k + k];
    if (a0 == 0.0f && a1 == 0.0f && a2 == 0.0f && a3 == 0.0f) continue;
    const float* __restrict bk = b + k * s.n;
    for (std::size_t j = 0; j < s.n; ++j) {
      const float bkj = bk[j];
      c0[j] += a0 * bkj;
      c1[j] += a1 * bkj;
      c2[j] += a2 * bkj;
      c3[j] += a3 * bkj;
    }
  }
}

void gemm_nn_row(const float* a, const float* __restrict b, float* __restrict c, GemmSize s) {
  for (std::size_t k = 0; k < s.k; ++k) {
    const float ak = a[k];
    if (ak == 0.0f) continue;
    const float* __restrict bk = b + k * s.n;
    for (std::size_t j = 0; j < s.n; ++j) c[j] += ak * bk[j];
  }
}

}  // namespace

// C(M,N) (+)= A(M,K) · B(K,N)
void gemm_nn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  check_sizes(a, b, c, s);
  if (!accumulate) std::fill_n(c.begin(), s.m * s.n, 0.0f);
  std::size_t i = 0;
  for (; i + 4 <= s.m; i += 4) gemm_nn_rows4(a.data() + i * s.k, b.data(), c.data() + i * s.n, s);
  for (; i < s.m; ++i) gemm_nn_row(a.data() + i * s.k, b.data(), c.data() + i * s.n, s);
}

void gemm_nn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  check_sizes(a, b, c, s);
  for (std::size_t i = 0; i < s.m; ++i) {
    for (std::size_t j = 0; j < s.n; ++j) {
      double sum = accumulate ? c[i * s.n + j] : 0.0;
      for (std::size_t k = 0; k < s.k; ++k) sum += double{a[i * s.k + k]} * b[k * s.n + j];
      c[i * s.n + j] = static_cast<float>(sum);
    }
  }
}

// C(M,N) (+)= A(K,M)ᵀ · B(K,N): for each k, C += outer(A row k, B row k).
void gemm_tn(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  check_sizes(a, b, c, s);
  if (!accumulate) std::fill_n(c.begin(), s.m * s.n, 0.0f);
  for (std::size_t k = 0; k < s.k; ++k) {
    const float* __restrict bk = b.data() + k * s.n;
    for (std::size_t i = 0; i < s.m; ++i) {
      const float aki = a[k * s.m + i];
      if (aki == 0.0f) continue;
      float* __restrict ci = c.data() + i * s.n;
      for (std::size_t j = 0; j < s.n; ++j) ci[j] += aki * bk[j];
    }
  }
}

void gemm_tn_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  check_sizes(a, b, c, s);
  for (std::size_t i = 0; i < s.m; ++i) {
    for (std::size_t j = 0; j < s.n; ++j) {
      double sum = accumulate ? c[i * s.n + j] : 0.0;
      for (std::size_t k = 0; k < s.k; ++k) sum += double{a[k * s.m + i]} * b[k * s.n + j];
      c[i * s.n + j] = static_cast<float>(sum);
    }
  }
}

// C(M,N) (+)= A(M,K) · B(N,K)ᵀ: transpose B once (cost N·K, small next to
// M·N·K), then reuse the row-streaming gemm_nn.
void gemm_nt(std::span<const float> a, std::span<const float> b, std::span<float> c, GemmSize s,
             bool accumulate) {
  check_sizes(a, b, c, s);
  thread_local std::vector<float> b_transposed;
  b_transposed.resize(s.k * s.n);
  for (std::size_t j = 0; j < s.n; ++j)
    for (std::size_t k = 0; k < s.k; ++k) b_transposed[k * s.n + j] = b[j * s.k + k];
  gemm_nn(a, b_transposed, c, s, accumulate);
}

void gemm_nt_naive(std::span<const float> a, std::span<const float> b, std::span<float> c,
                   GemmSize s, bool accumulate) {
  check_sizes(a, b, c, s);
  for (std::size_t i = 0; i < s.m; ++i) {
    for (std::size_t j = 0; j < s.n; ++j) {
      double sum = accumulate ? c[i * s.n + j] : 0.0;
      for (std::size_t k = 0; k < s.k; ++k) sum += double{a[i * s.k + k]} * b[j * s.k + k];
      c[i * s.n + j] = static_cast<float>(sum);
    }
  }
}

}  // namespace glassbox
