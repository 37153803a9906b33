#include "glassbox/kernels/dense_activation.hpp"

#include <algorithm>
#include <string>

#include "gemm_packed.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"

namespace glassbox {
namespace {

// Messages are built only on failure: the check runs every training step,
// which must not allocate.
void check_buffers(std::span<const float> x, std::span<const float> w, std::span<const float> bias,
                   std::span<float> z, std::span<float> a, GemmSize s, ActivationKind kind) {
  const char* what = "dense + activation";
  if (!fusable_activation(kind))
    throw Error(std::string(what) + ": cannot fuse " + activation_name(kind) +
                "; only relu and leaky_relu");
  if (s.k == 0) throw Error(std::string(what) + ": the input has no features (K = 0)");
  const auto need = [&](std::size_t have, std::size_t rows, std::size_t cols, const char* name) {
    const std::size_t n = checked_multiply(rows, cols, what);
    if (have < n)
      throw Error(std::string(what) + ": " + name + " needs " + std::to_string(n) +
                  " values, but its buffer holds " + std::to_string(have));
  };
  need(x.size(), s.m, s.k, "x");
  need(w.size(), s.k, s.n, "W");
  need(bias.size(), 1, s.n, "b");
  need(z.size(), s.m, s.n, "z");
  need(a.size(), s.m, s.n, "a");
}

void fill_bias(std::span<const float> bias, std::span<float> z, GemmSize s) {
  for (std::size_t r = 0; r < s.m; ++r) std::copy_n(bias.begin(), s.n, z.begin() + r * s.n);
}

}  // namespace

void dense_activation_forward(std::span<const float> x, std::span<const float> w,
                              std::span<const float> bias, std::span<float> z, std::span<float> a,
                              GemmSize s, ActivationKind kind, float alpha) {
  check_buffers(x, w, bias, z, a, s, kind);
  if (s.m == 0 || s.n == 0) return;
  fill_bias(bias, z, s);
  const detail::Epilogue epilogue = detail::activation_epilogue(kind, alpha, a.data(), s.n);
  detail::gemm_packed_epilogue(detail::GemmOp::nn, x.data(), s.k, w.data(), s.n, z.data(), s.n, s.m,
                               s.k, s.n, epilogue);
}

void dense_activation_forward_naive(std::span<const float> x, std::span<const float> w,
                                    std::span<const float> bias, std::span<float> z,
                                    std::span<float> a, GemmSize s, ActivationKind kind,
                                    float alpha) {
  check_buffers(x, w, bias, z, a, s, kind);
  const std::size_t n = s.m * s.n;
  fill_bias(bias, z, s);
  gemm_nn_naive(x.first(s.m * s.k), w.first(s.k * s.n), z.first(n), s, /*accumulate=*/true);
  activation_forward(kind, alpha, z.first(n), a.first(n));
}

}  // namespace glassbox
