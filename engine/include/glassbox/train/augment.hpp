#pragma once
// Data augmentation for images: small random changes that leave a digit the
// same digit. Shifts teach position; the digit augmentations below teach what
// differs between MNIST's writers and people drawing on the page or on paper:
// the pen's width, a slant, the size, and a wobbly hand.
//
// Every image is (height, width) row-major. Pixel (x, y) has its centre at the
// whole coordinates (x, y); bilinear sampling reads 0 outside the image.
#include <cstddef>
#include <span>
#include <vector>

#include "glassbox/core/rng.hpp"

namespace glassbox {

// dst(y, x) = src(y − dy, x − dx), zero where that falls outside.
// src, dst: (height, width), distinct buffers.
void shift_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                 std::size_t height, int dx, int dy);

// The bilinear value of src at (x, y): with x0 = ⌊x⌋, fx = x − x0 (same for y),
// (1−fy)·((1−fx)·s(x0, y0) + fx·s(x0+1, y0)) + fy·((1−fx)·s(x0, y0+1) + fx·s(x0+1, y0+1)),
// each s outside the image being 0.
float sample_bilinear(std::span<const float> src, std::size_t width, std::size_t height, double x,
                      double y);

// dst(y, x) = bilinear src at (x + fx(y, x), y + fy(y, x)): each output pixel
// reads the source displaced by the field. fx, fy, src, dst: (height, width);
// dst distinct from src.
void warp_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                std::size_t height, std::span<const float> fx, std::span<const float> fy);

// Rotation by `radians` (counter-clockwise as seen on screen, y pointing down)
// and scaling by `scale` about the image centre c = ((width−1)/2, (height−1)/2):
// dst(p) = bilinear src at c + R(−θ)·(p − c) / scale, where on screen
// R(−θ)·(dx, dy) = (cos θ·dx − sin θ·dy, sin θ·dx + cos θ·dy).
void rotate_scale_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                        std::size_t height, double radians, double scale);

// Stroke width. One step of dilation takes each pixel's maximum over itself
// and its 4 neighbours (a plus sign), so a stroke grows by a pixel on each
// side; erosion takes the minimum. amount t ∈ [−2, 2]: ⌊|t|⌋ whole steps, then
// a blend for the rest: dst = d + (|t| − ⌊|t|⌋)·(step(d) − d). t > 0 thickens,
// t < 0 thins, t = 0 copies.
void thicken_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                   std::size_t height, float amount);

// An elastic displacement field (Simard, Steinkraus & Platt, "Best practices
// for convolutional neural networks applied to visual document analysis",
// ICDAR 2003): each of fx, fy starts uniform in [−1, 1] per pixel, is smoothed
// with a normalised Gaussian of standard deviation sigma (separable, radius
// ⌈3σ⌉, the image taken as 0 beyond its edges), then multiplied by alpha.
// fx, fy: (height, width).
void elastic_field(Rng& rng, std::size_t width, std::size_t height, float alpha, float sigma,
                   std::span<float> fx, std::span<float> fy);

// Gaussian blur: dst = src convolved with a normalised Gaussian of standard
// deviation sigma, separable (x, then y), radius ⌈3σ⌉, 0 beyond the edges.
// A soft pen, or a digit scanned at low resolution and scaled up (the UCI
// digits are 8×8 block counts: a cell covers 2.5 of the 20 pixels of a digit's
// box). sigma 0 copies. dst distinct from src.
void blur_image(std::span<const float> src, std::span<float> dst, std::size_t width,
                std::size_t height, float sigma);

// A low-resolution rescan, the way the UCI optdigits forms were digitised
// (data/digits.hpp): the ink's bounding box (pixels > 0) is scaled, aspect
// kept, until its height fills a 32×32 bitmap (or its width, if wider),
// centred; each bitmap pixel is ink when the bilinear source value at its
// centre is ≥ threshold; then the bitmap is dilated by a disc of
// pen_radius pixels (dx² + dy² ≤ r²: a broad pen, as on the UCI forms); the
// 8×8 result counts the ink in each 4×4 block, divided by 16. A lower
// threshold or a larger radius gives thicker strokes.
// stretched_width > 0 scales the two axes separately instead (an anisotropic
// scale): the box fills all 32 rows and round(stretched_width) columns,
// centred, whatever its aspect. The UCI digits look stretched that way: every
// one of the 1,797 fills all 8 rows, and their widths hardly depend on the
// digit (mean 5.25 cells for the 1s, 5.8–6.3 for the others), so a 1 arrives
// nearly as wide as a 0.
// src: (height, width) → (8, 8) in [0, 1]. No ink gives all zeros.
std::vector<float> rescan_to_uci_grid(std::span<const float> src, std::size_t width,
                                      std::size_t height, float threshold, int pen_radius = 0,
                                      double stretched_width = 0.0);

// Draws a straight stroke from (x0, y0) to (x1, y1) into image, in place:
// each pixel becomes max(pixel, clamp(radius + 0.5 − d, 0, 1)), d being the
// distance from the pixel's centre to the segment. So pixels within
// radius − 0.5 of it are 1, and the edge falls to 0 over one pixel.
// image: (height, width).
void draw_stroke(std::span<float> image, std::size_t width, std::size_t height, double x0,
                 double y0, double x1, double y1, double radius);

// The flag of a 1 as many people write it (a long up-stroke to the top of the
// stem, common in continental Europe and in the UCI forms, rare in MNIST):
// from the ink's top (the topmost row with a pixel ≥ 0.5, at the mean x of
// those pixels) a stroke runs down and to the left, length_fraction × the ink
// height long, at angle_radians below the horizontal, drawn with draw_stroke.
// No ink: unchanged. image: (height, width).
void add_flag(std::span<float> image, std::size_t width, std::size_t height, double length_fraction,
              double angle_radians, double radius);

// Random digit augmentation, drawn anew for every training sample. 0 turns
// each off.
struct DigitAugment {
  float max_rotation_degrees = 0.0f;  // θ uniform in [−r, r]
  float max_scale = 0.0f;             // scale uniform in [1 − m, 1 + m]
  float max_thickness = 0.0f;         // thicken_image amount uniform in [−t, t]
  float elastic_alpha = 0.0f;         // elastic_field's alpha
  float elastic_sigma = 4.0f;         // and its sigma (Simard et al.: α 34, σ 4 on 28×28)
  float max_blur = 0.0f;              // blur_image sigma uniform in [0, b]
  // With this probability, the (28, 28) digit is rescanned at 8×8
  // (rescan_to_uci_grid, threshold uniform in [0.15, 0.5], pen radius a
  // whole number uniform in [0, max_rescan_pen]) and read back with
  // uci_digit_to_mnist: blocky, thick-stroked digits like the UCI set's.
  float rescan_probability = 0.0f;
  int max_rescan_pen = 0;
  // With this probability a rescan stretches the ink box to the full height
  // and a width uniform in [rescan_stretch_min_width, 32] bitmap pixels
  // (rescan_to_uci_grid's stretched_width), instead of keeping its aspect.
  // Both draws happen on every rescan draw when this is > 0 (none when 0, so
  // runs without it keep their random stream).
  float rescan_stretch = 0.0f;
  static constexpr float rescan_stretch_min_width = 12.0f;
  // With this probability a 1 (label 1; other digits are left alone) gets a
  // flag (add_flag): length 0.25–0.55 of its height, 20°–60° below the
  // horizontal, radius 0.8–1.6 pixels, each uniform. Four draws per sample
  // whenever this is > 0, whatever the label.
  float flag_ones = 0.0f;

  bool any() const {
    return max_rotation_degrees > 0 || max_scale > 0 || max_thickness > 0 || elastic_alpha > 0 ||
           max_blur > 0 || rescan_probability > 0 || flag_ones > 0;
  }
  // Throws Error naming the field and its range.
  void validate() const;
};

// Buffers reused between samples, so augmenting allocates nothing once warm.
struct AugmentScratch {
  std::vector<float> a, b, fx, fy, blur;
};

// image (height, width), in place: the flag of a 1 (when label is 1), then
// thickness, then rotation and scale, then
// the elastic field, then blur, then the rescan (28×28 images only), each with its random amount
// from rng (in that order; a stage that is off draws nothing).
void augment_digit(std::span<float> image, std::size_t width, std::size_t height,
                   const DigitAugment& options, Rng& rng, AugmentScratch& scratch, int label = -1);

}  // namespace glassbox
