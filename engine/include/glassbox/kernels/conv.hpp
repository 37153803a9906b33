#pragma once
// 2-D convolution and pooling kernels, forward beside backward, one sample
// at a time (callers loop over the batch). Images are row-major (C, H, W).
//
// Convolution (cross-correlation, as in every framework):
//   y[o, i, j] = b[o] + Σ_c Σ_u Σ_v w[o, c, u, v] · x[c, i·s + u − p, j·s + v − p]
// with zero padding p, stride s, kernel k; output size (H + 2p − k) / s + 1.
// The fast path lowers it to a matrix product (im2col): the input patches
// become columns of P: (C·k·k, OH·OW), and y = W · P with W: (OC, C·k·k).
// The naive reference is the sum above, written out.
#include <cstddef>
#include <span>
#include <vector>

#include "glassbox/kernels/activations.hpp"

namespace glassbox {

struct ConvGeometry {
  std::size_t channels, height, width;  // input (C, H, W)
  std::size_t filters, kernel, stride, padding;
  std::size_t out_height() const { return (height + 2 * padding - kernel) / stride + 1; }
  std::size_t out_width() const { return (width + 2 * padding - kernel) / stride + 1; }
  std::size_t patch_size() const { return channels * kernel * kernel; }
  std::size_t out_pixels() const { return out_height() * out_width(); }
};

// x: (C, H, W) → columns: (C·k·k, OH·OW)
void im2col(std::span<const float> x, std::span<float> columns, const ConvGeometry& g);
// The adjoint of im2col: scatters-adds columns back into dx: (C, H, W) (overwritten).
void col2im(std::span<const float> columns, std::span<float> dx, const ConvGeometry& g);

// x: (C, H, W), w: (OC, C, k, k), b: (OC) → y: (OC, OH, OW). `scratch` holds P.
void conv2d_forward(std::span<const float> x, std::span<const float> w, std::span<const float> b,
                    std::span<float> y, const ConvGeometry& g, std::span<float> scratch);
void conv2d_forward_naive(std::span<const float> x, std::span<const float> w,
                          std::span<const float> b, std::span<float> y, const ConvGeometry& g);

// conv2d_forward followed by a = f(y) (relu or leaky_relu: fusable_activation),
// fused: the GEMM applies f to each register tile of y as it stores it, so y
// is not read back. Bit for bit the same y and a as the two steps.
void conv2d_activation_forward(std::span<const float> x, std::span<const float> w,
                               std::span<const float> b, std::span<float> y, std::span<float> a,
                               const ConvGeometry& g, std::span<float> scratch, ActivationKind kind,
                               float alpha);
// The naive reference: conv2d_forward_naive, then activation_forward.
void conv2d_activation_forward_naive(std::span<const float> x, std::span<const float> w,
                                     std::span<const float> b, std::span<float> y,
                                     std::span<float> a, const ConvGeometry& g, ActivationKind kind,
                                     float alpha);

// dy: (OC, OH, OW) → dw += dy · Pᵀ (OC, C·k·k), db += Σ dy, dx = col2im(Wᵀ · dy)
// (dx may be empty: skipped). im2col(x) is rebuilt in `scratch` (cheaper in
// memory than keeping every sample's patches from the forward pass).
// scratch and dcolumns each hold at least C·k·k × OH·OW floats (the caller's
// workspace: kernels allocate nothing).
void conv2d_backward(std::span<const float> x, std::span<const float> w, std::span<const float> dy,
                     std::span<float> dw, std::span<float> db, std::span<float> dx,
                     const ConvGeometry& g, std::span<float> scratch, std::span<float> dcolumns);
void conv2d_backward_naive(std::span<const float> x, std::span<const float> w,
                           std::span<const float> dy, std::span<float> dw, std::span<float> db,
                           std::span<float> dx, const ConvGeometry& g);

// Pooling over size×size windows with stride `size` (non-overlapping):
//   max: y = max of the window;  dx gets dy at the argmax (first on ties), 0 elsewhere
//   avg: y = mean of the window; dx gets dy / size² at every position
struct PoolGeometry {
  std::size_t channels, height, width, size;
  std::size_t out_height() const { return height / size; }
  std::size_t out_width() const { return width / size; }
};
void max_pool_forward(std::span<const float> x, std::span<float> y, const PoolGeometry& g);
void max_pool_backward(std::span<const float> x, std::span<const float> dy, std::span<float> dx,
                       const PoolGeometry& g);
void avg_pool_forward(std::span<const float> x, std::span<float> y, const PoolGeometry& g);
void avg_pool_backward(std::span<const float> dy, std::span<float> dx, const PoolGeometry& g);

}  // namespace glassbox
