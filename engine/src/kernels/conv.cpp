#include "glassbox/kernels/conv.hpp"

#include <algorithm>

#include "gemm_packed.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/kernels/matmul.hpp"

namespace glassbox {

namespace {

// The output columns j whose input column j·s + v − p lies inside 0…W−1:
// [first, last). Outside it the patch reads zero padding.
struct ValidColumns {
  std::size_t first, last;
};
ValidColumns valid_columns(const ConvGeometry& g, std::size_t v) {
  const long s = static_cast<long>(g.stride),
             offset = static_cast<long>(v) - static_cast<long>(g.padding);
  const long ow = static_cast<long>(g.out_width()), w = static_cast<long>(g.width);
  // j·s + offset ≥ 0  ⇔  j ≥ ⌈−offset / s⌉;  j·s + offset < W  ⇔  j < ⌈(W − offset) / s⌉.
  const long first = offset >= 0 ? 0 : (-offset + s - 1) / s;
  const long last = w - offset <= 0 ? 0 : std::min(ow, (w - offset + s - 1) / s);
  return {static_cast<std::size_t>(std::min(first, ow)),
          static_cast<std::size_t>(std::max(std::min(first, ow), last))};
}

// out[0…n) = in[0…n), four floats at a time: the rows are short (8–28
// floats), where a call to memcpy (a function call in wasm) costs more than
// the copy itself.
using Float4 = float __attribute__((vector_size(16)));
inline void copy_short(const float* in, std::size_t n, float* out) {
  std::size_t j = 0;
  for (; j + 4 <= n; j += 4) {
    Float4 v;
    __builtin_memcpy(&v, in + j, sizeof v);
    __builtin_memcpy(out + j, &v, sizeof v);
  }
  for (; j < n; ++j) out[j] = in[j];
}

}  // namespace

// Row (c, u, v) of the columns, output row i: x[c, i·s + u − p, j·s + v − p]
// for j in the valid range, 0 outside it (and for the whole row when the
// input row is padding). No per-element bounds test; at stride 1 the valid
// part is one contiguous copy.
void im2col(std::span<const float> x, std::span<float> columns, const ConvGeometry& g) {
  const std::size_t oh = g.out_height(), ow = g.out_width(), pixels = oh * ow;
  const long h = static_cast<long>(g.height);
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t u = 0; u < g.kernel; ++u)
      for (std::size_t v = 0; v < g.kernel; ++v) {
        float* row = columns.data() + ((c * g.kernel + u) * g.kernel + v) * pixels;
        const auto [first, last] = valid_columns(g, v);
        for (std::size_t i = 0; i < oh; ++i) {
          float* out = row + i * ow;
          const long y = static_cast<long>(i * g.stride + u) - static_cast<long>(g.padding);
          if (y < 0 || y >= h || first == last) {
            std::fill_n(out, ow, 0.0f);
            continue;
          }
          // Input column of output column j: j·s + v − p (≥ 0 for j ≥ first).
          const float* in = x.data() + (c * g.height + static_cast<std::size_t>(y)) * g.width +
                            (first * g.stride + v - g.padding);
          std::fill_n(out, first, 0.0f);
          if (g.stride == 1) {
            copy_short(in, last - first, out + first);
          } else {
            for (std::size_t j = first; j < last; ++j) out[j] = in[(j - first) * g.stride];
          }
          std::fill(out + last, out + ow, 0.0f);
        }
      }
}

// The adjoint: dx[c, i·s + u − p, j·s + v − p] += row (c, u, v)[i, j] for the
// same valid ranges, in the same (c, u, v, i, j) order as before.
void col2im(std::span<const float> columns, std::span<float> dx, const ConvGeometry& g) {
  std::fill_n(dx.begin(), g.channels * g.height * g.width, 0.0f);
  const std::size_t oh = g.out_height(), ow = g.out_width(), pixels = oh * ow;
  const long h = static_cast<long>(g.height);
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t u = 0; u < g.kernel; ++u)
      for (std::size_t v = 0; v < g.kernel; ++v) {
        const float* row = columns.data() + ((c * g.kernel + u) * g.kernel + v) * pixels;
        const auto [first, last] = valid_columns(g, v);
        for (std::size_t i = 0; i < oh; ++i) {
          const long y = static_cast<long>(i * g.stride + u) - static_cast<long>(g.padding);
          if (y < 0 || y >= h || first == last) continue;
          float* out = dx.data() + (c * g.height + static_cast<std::size_t>(y)) * g.width +
                       (first * g.stride + v - g.padding);
          const float* in = row + i * ow;
          for (std::size_t j = first; j < last; ++j) out[(j - first) * g.stride] += in[j];
        }
      }
}

namespace {

// y = W · P + b, and with an epilogue f(y) too, in the same pass.
void convolve(std::span<const float> x, std::span<const float> w, std::span<const float> b,
              std::span<float> y, const ConvGeometry& g, std::span<float> scratch,
              const detail::Epilogue* epilogue) {
  const std::size_t pixels = g.out_pixels();
  require(scratch.size() >= g.patch_size() * pixels,
          "conv2d: scratch is smaller than C·k·k × OH·OW");
  require(x.size() >= g.channels * g.height * g.width && w.size() >= g.filters * g.patch_size() &&
              y.size() >= g.filters * pixels,
          "conv2d: a buffer is smaller than its shape");
  for (std::size_t o = 0; o < g.filters; ++o) std::fill_n(y.begin() + o * pixels, pixels, b[o]);
  if (g.stride == 1 && g.padding == 0) {
    // Every patch lies inside the image: read it in place (gemm_packed.hpp).
    detail::conv_direct(w.data(), g.filters, g.patch_size(), x.data(), g.height, g.width, g.kernel,
                        y.data(), epilogue);
    return;
  }
  im2col(x, scratch, g);
  if (!epilogue) {
    gemm_nn(w, scratch, y, {g.filters, g.patch_size(), pixels}, /*accumulate=*/true);
    return;
  }
  detail::gemm_packed_epilogue(detail::GemmOp::nn, w.data(), g.patch_size(), scratch.data(), pixels,
                               y.data(), pixels, g.filters, g.patch_size(), pixels, *epilogue);
}

}  // namespace

void conv2d_forward(std::span<const float> x, std::span<const float> w, std::span<const float> b,
                    std::span<float> y, const ConvGeometry& g, std::span<float> scratch) {
  convolve(x, w, b, y, g, scratch, nullptr);
}

void conv2d_activation_forward(std::span<const float> x, std::span<const float> w,
                               std::span<const float> b, std::span<float> y, std::span<float> a,
                               const ConvGeometry& g, std::span<float> scratch, ActivationKind kind,
                               float alpha) {
  if (!fusable_activation(kind))
    throw Error("conv2d + activation: cannot fuse " + activation_name(kind) +
                "; only relu and leaky_relu");
  require(a.size() >= g.filters * g.out_pixels(), "conv2d: a buffer is smaller than its shape");
  const detail::Epilogue epilogue =
      detail::activation_epilogue(kind, alpha, a.data(), g.out_pixels());
  convolve(x, w, b, y, g, scratch, &epilogue);
}

void conv2d_activation_forward_naive(std::span<const float> x, std::span<const float> w,
                                     std::span<const float> b, std::span<float> y,
                                     std::span<float> a, const ConvGeometry& g, ActivationKind kind,
                                     float alpha) {
  const std::size_t n = g.filters * g.out_pixels();
  conv2d_forward_naive(x, w, b, y, g);
  activation_forward(kind, alpha, y.first(n), a.first(n));
}

void conv2d_forward_naive(std::span<const float> x, std::span<const float> w,
                          std::span<const float> b, std::span<float> y, const ConvGeometry& g) {
  const std::size_t oh = g.out_height(), ow = g.out_width();
  for (std::size_t o = 0; o < g.filters; ++o)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        double sum = b[o];
        for (std::size_t c = 0; c < g.channels; ++c)
          for (std::size_t u = 0; u < g.kernel; ++u)
            for (std::size_t v = 0; v < g.kernel; ++v) {
              const long yy = static_cast<long>(i * g.stride + u) - static_cast<long>(g.padding);
              const long xx = static_cast<long>(j * g.stride + v) - static_cast<long>(g.padding);
              if (yy < 0 || xx < 0 || yy >= static_cast<long>(g.height) ||
                  xx >= static_cast<long>(g.width))
                continue;
              sum += double{w[((o * g.channels + c) * g.kernel + u) * g.kernel + v]} *
                     x[(c * g.height + static_cast<std::size_t>(yy)) * g.width +
                       static_cast<std::size_t>(xx)];
            }
        y[(o * oh + i) * ow + j] = static_cast<float>(sum);
      }
}

void conv2d_backward(std::span<const float> x, std::span<const float> w, std::span<const float> dy,
                     std::span<float> dw, std::span<float> db, std::span<float> dx,
                     const ConvGeometry& g, std::span<float> scratch, std::span<float> dcolumns) {
  const std::size_t pixels = g.out_pixels(), patch = g.patch_size();
  require(scratch.size() >= patch * pixels && dcolumns.size() >= patch * pixels,
          "conv2d: scratch is smaller than C·k·k × OH·OW");
  im2col(x, scratch, g);
  // dW (OC, patch) += dY (OC, pixels) · Pᵀ (pixels, patch)
  gemm_nt(dy, scratch, dw, {g.filters, pixels, patch}, /*accumulate=*/true);
  for (std::size_t o = 0; o < g.filters; ++o)
    for (std::size_t p = 0; p < pixels; ++p) db[o] += dy[o * pixels + p];
  if (dx.empty()) return;
  // dP (patch, pixels) = Wᵀ · dY, with W stored (OC, patch) = A(K=OC, M=patch)
  gemm_tn(w, dy, dcolumns, {patch, g.filters, pixels}, /*accumulate=*/false);
  col2im(dcolumns, dx, g);
}

void conv2d_backward_naive(std::span<const float> x, std::span<const float> w,
                           std::span<const float> dy, std::span<float> dw, std::span<float> db,
                           std::span<float> dx, const ConvGeometry& g) {
  const std::size_t oh = g.out_height(), ow = g.out_width();
  if (!dx.empty()) std::fill_n(dx.begin(), g.channels * g.height * g.width, 0.0f);
  for (std::size_t o = 0; o < g.filters; ++o)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        const float d = dy[(o * oh + i) * ow + j];
        db[o] += d;
        for (std::size_t c = 0; c < g.channels; ++c)
          for (std::size_t u = 0; u < g.kernel; ++u)
            for (std::size_t v = 0; v < g.kernel; ++v) {
              const long yy = static_cast<long>(i * g.stride + u) - static_cast<long>(g.padding);
              const long xx = static_cast<long>(j * g.stride + v) - static_cast<long>(g.padding);
              if (yy < 0 || xx < 0 || yy >= static_cast<long>(g.height) ||
                  xx >= static_cast<long>(g.width))
                continue;
              const std::size_t xi = (c * g.height + static_cast<std::size_t>(yy)) * g.width +
                                     static_cast<std::size_t>(xx);
              const std::size_t wi = ((o * g.channels + c) * g.kernel + u) * g.kernel + v;
              dw[wi] += d * x[xi];
              if (!dx.empty()) dx[xi] += d * w[wi];
            }
      }
}

void max_pool_forward(std::span<const float> x, std::span<float> y, const PoolGeometry& g) {
  const std::size_t oh = g.out_height(), ow = g.out_width();
  if (g.size == 2) {
    // The same comparisons in the same order as the general loop below
    // (the window's first element, then (0,1), (1,0), (1,1)), unrolled.
    for (std::size_t c = 0; c < g.channels; ++c)
      for (std::size_t i = 0; i < oh; ++i) {
        const float* r0 = x.data() + (c * g.height + 2 * i) * g.width;
        const float* r1 = r0 + g.width;
        float* out = y.data() + (c * oh + i) * ow;
        for (std::size_t j = 0; j < ow; ++j) {
          float best = r0[2 * j];
          best = std::max(best, r0[2 * j + 1]);
          best = std::max(best, r1[2 * j]);
          out[j] = std::max(best, r1[2 * j + 1]);
        }
      }
    return;
  }
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        float best = x[(c * g.height + i * g.size) * g.width + j * g.size];
        for (std::size_t u = 0; u < g.size; ++u)
          for (std::size_t v = 0; v < g.size; ++v)
            best = std::max(best, x[(c * g.height + i * g.size + u) * g.width + j * g.size + v]);
        y[(c * oh + i) * ow + j] = best;
      }
}

void max_pool_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx,
                       const PoolGeometry& g) {
  std::fill_n(dx.begin(), g.channels * g.height * g.width, 0.0f);
  const std::size_t oh = g.out_height(), ow = g.out_width();
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        std::size_t best = (c * g.height + i * g.size) * g.width + j * g.size;
        for (std::size_t u = 0; u < g.size; ++u)
          for (std::size_t v = 0; v < g.size; ++v) {
            const std::size_t k = (c * g.height + i * g.size + u) * g.width + j * g.size + v;
            if (x[k] > x[best]) best = k;
          }
        dx[best] += dy[(c * oh + i) * ow + j];
      }
}

void avg_pool_forward(std::span<const float> x, std::span<float> y, const PoolGeometry& g) {
  const std::size_t oh = g.out_height(), ow = g.out_width();
  const float scale = 1.0f / static_cast<float>(g.size * g.size);
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j) {
        float sum = 0.0f;
        for (std::size_t u = 0; u < g.size; ++u)
          for (std::size_t v = 0; v < g.size; ++v)
            sum += x[(c * g.height + i * g.size + u) * g.width + j * g.size + v];
        y[(c * oh + i) * ow + j] = sum * scale;
      }
}

void avg_pool_backward(std::span<const float> dy, std::span<float> dx, const PoolGeometry& g) {
  std::fill_n(dx.begin(), g.channels * g.height * g.width, 0.0f);
  const std::size_t oh = g.out_height(), ow = g.out_width();
  const float scale = 1.0f / static_cast<float>(g.size * g.size);
  for (std::size_t c = 0; c < g.channels; ++c)
    for (std::size_t i = 0; i < oh; ++i)
      for (std::size_t j = 0; j < ow; ++j)
        for (std::size_t u = 0; u < g.size; ++u)
          for (std::size_t v = 0; v < g.size; ++v)
            dx[(c * g.height + i * g.size + u) * g.width + j * g.size + v] =
                dy[(c * oh + i) * ow + j] * scale;
}

}  // namespace glassbox
