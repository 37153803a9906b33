#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <numbers>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "glassbox/core/error.hpp"
#include "glassbox/core/rng.hpp"
#include "glassbox/data/digits.hpp"
#include "glassbox/train/augment.hpp"
#include "glassbox/train/trainer.hpp"

using namespace glassbox;

TEST_CASE("shift_image moves pixels and fills with zeros", "[augment]") {
  // 3×2 image:  1 2 3      shifted right 1, up 1:  0 4 5
  //             4 5 6                              0 0 0
  const std::vector<float> src = {1, 2, 3, 4, 5, 6};
  std::vector<float> dst(6);
  shift_image(src, dst, 3, 2, 1, -1);
  CHECK(dst == std::vector<float>{0, 4, 5, 0, 0, 0});
  shift_image(src, dst, 3, 2, 0, 0);
  CHECK(dst == src);
  shift_image(src, dst, 3, 2, -3, 0);  // shifted out entirely
  CHECK(dst == std::vector<float>(6, 0.0f));
}

TEST_CASE("shift augmentation needs image dimensions that match the input", "[augment]") {
  Dataset data;
  data.count = 1, data.input_size = 4, data.target_size = 2;
  data.inputs = {1, 0, 0, 0};
  data.targets = {1, 0};
  Model model(Architecture::from_sizes("4-2", "relu", LossKind::softmax_cross_entropy), 1);
  Sgd sgd(0.1f);
  TrainOptions options;
  options.max_shift = 1;
  options.image_width = 3, options.image_height = 3;
  CHECK_THROWS_WITH(Trainer(model, sgd, data, options),
                    Catch::Contains("image_width × image_height"));
  options.image_width = options.image_height = 2;
  Trainer trainer(model, sgd, data, options);
  CHECK(trainer.step(3).samples == 3);
}

namespace {

// The pixel sum and the first moments: the centre of mass is (x, y) / total.
// Whole-number pixels keep every sum exact in double, so the checks below can
// compare moments exactly (a division would round).
struct Mass {
  double total = 0.0, x = 0.0, y = 0.0;
};

Mass mass_of(std::span<const float> image, std::size_t width) {
  Mass m;
  for (std::size_t i = 0; i < image.size(); ++i) {
    m.total += image[i];
    m.x += image[i] * static_cast<double>(i % width);
    m.y += image[i] * static_cast<double>(i / width);
  }
  return m;
}

// A lopsided blob of whole numbers (no symmetry, so a shift is identifiable)
// inside rows/columns [top, top + 3) × [left, left + 4) of a width-wide image.
std::vector<float> blob_image(std::size_t width, std::size_t height, std::size_t left,
                              std::size_t top, float scale) {
  std::vector<float> image(width * height, 0.0f);
  const float blob[3][4] = {{1, 4, 0, 2}, {3, 9, 5, 0}, {0, 2, 7, 1}};
  for (std::size_t y = 0; y < 3; ++y)
    for (std::size_t x = 0; x < 4; ++x) image[(top + y) * width + left + x] = scale * blob[y][x];
  return image;
}

}  // namespace

TEST_CASE("a shift moves the centre of mass by exactly (dx, dy) and keeps the mass", "[augment]") {
  const std::vector<float> src = blob_image(28, 28, 12, 12, 1.0f);  // 12+ pixels from every edge
  const Mass before = mass_of(src, 28);
  std::vector<float> dst(src.size());
  for (int dx = -8; dx <= 8; ++dx) {
    for (int dy = -8; dy <= 8; ++dy) {
      shift_image(src, dst, 28, 28, dx, dy);
      const Mass after = mass_of(dst, 28);
      INFO("dx " << dx << ", dy " << dy);
      CHECK(after.total == before.total);
      // centre x' = x + dx  ⇔  Σ v·x' = Σ v·x + dx · Σ v
      CHECK(after.x == before.x + dx * before.total);
      CHECK(after.y == before.y + dy * before.total);
    }
  }
}

TEST_CASE("the trainer's augmented batches are shifted copies of its samples", "[augment]") {
  // Three 10×10 images, the blob 3 pixels from every edge, told apart by mass.
  Dataset data;
  data.count = 3, data.input_size = 100, data.target_size = 2;
  for (int k = 1; k <= 3; ++k) {
    const auto image = blob_image(10, 10, 3, 3, static_cast<float>(k));
    data.inputs.insert(data.inputs.end(), image.begin(), image.end());
    data.targets.insert(data.targets.end(), {1.0f, 0.0f});
  }
  const double unit_mass = mass_of(blob_image(10, 10, 3, 3, 1.0f), 10).total;
  Model model(Architecture::from_sizes("100-2", "relu", LossKind::softmax_cross_entropy), 1);
  Sgd sgd(0.01f);
  TrainOptions options{.batch_size = 3, .shuffle_seed = 5};
  options.max_shift = 2;
  options.image_width = options.image_height = 10;
  Trainer trainer(model, sgd, data, options);

  std::set<std::pair<int, int>> shifts_seen;
  std::vector<float> expected(100);
  for (int step = 0; step < 100; ++step) {
    trainer.step(1);
    const auto batch = trainer.batch_inputs();
    REQUIRE(batch.size() == 3 * 100);
    std::set<std::size_t> samples_seen;
    for (std::size_t row = 0; row < 3; ++row) {
      const auto image = batch.subspan(row * 100, 100);
      // Which sample: the mass says (a shift of 2 keeps the blob inside).
      const double k = mass_of(image, 10).total / unit_mass;
      REQUIRE((k == 1.0 || k == 2.0 || k == 3.0));
      const auto sample = static_cast<std::size_t>(k) - 1;
      samples_seen.insert(sample);
      const auto original = std::span(data.inputs).subspan(sample * 100, 100);
      // Which shift: exactly one (dx, dy) in [−2, 2]² reproduces the row.
      int matches = 0;
      for (int dx = -2; dx <= 2; ++dx)
        for (int dy = -2; dy <= 2; ++dy) {
          shift_image(original, expected, 10, 10, dx, dy);
          if (std::equal(expected.begin(), expected.end(), image.begin())) {
            ++matches;
            shifts_seen.insert({dx, dy});
          }
        }
      INFO("step " << step + 1 << ", row " << row);
      REQUIRE(matches == 1);
    }
    CHECK(samples_seen.size() == 3);  // each epoch draws every sample once
  }
  CHECK(shifts_seen.size() == 25);  // 300 draws reach every shift in the range
}

namespace {

// A w×h image whose pixel (x, y) holds 1 + x + 10·y, so any moved pixel is identifiable.
std::vector<float> tagged_image(std::size_t width, std::size_t height) {
  std::vector<float> image(width * height);
  for (std::size_t i = 0; i < image.size(); ++i)
    image[i] = static_cast<float>(1 + i % width + 10 * (i / width));
  return image;
}

double mass(std::span<const float> image) {
  double total = 0.0;
  for (float v : image) total += v;
  return total;
}

}  // namespace

TEST_CASE("bilinear sampling reads pixels at whole coordinates, blends between, 0 outside",
          "[augment]") {
  const auto src = tagged_image(3, 2);  // 1 2 3 / 11 12 13
  CHECK(sample_bilinear(src, 3, 2, 2, 1) == 13.0f);
  CHECK(sample_bilinear(src, 3, 2, 0.5, 0) == 1.5f);   // (1 + 2) / 2
  CHECK(sample_bilinear(src, 3, 2, 1, 0.25) == 4.5f);  // 2 + 0.25·(12 − 2)
  CHECK(sample_bilinear(src, 3, 2, 2.5, 1) == 6.5f);   // (13 + 0) / 2: right of the edge is 0
  CHECK(sample_bilinear(src, 3, 2, -1.0, 0) == 0.0f);
  CHECK(sample_bilinear(src, 3, 2, 0, 7.0) == 0.0f);
}

TEST_CASE("a constant whole-pixel warp is a shift", "[augment]") {
  const auto src = tagged_image(6, 5);
  std::vector<float> warped(30), shifted(30);
  for (int dx = -2; dx <= 2; ++dx)
    for (int dy = -2; dy <= 2; ++dy) {
      // dst(x, y) = src(x + f): a field of −d moves the image by +d.
      const std::vector<float> fx(30, static_cast<float>(-dx)), fy(30, static_cast<float>(-dy));
      warp_image(src, warped, 6, 5, fx, fy);
      shift_image(src, shifted, 6, 5, dx, dy);
      INFO("dx " << dx << ", dy " << dy);
      CHECK(warped == shifted);
    }
}

TEST_CASE("rotate_scale_image turns a quarter counter-clockwise and zooms about the centre",
          "[augment]") {
  const auto src = tagged_image(5, 5);
  std::vector<float> dst(25);
  rotate_scale_image(src, dst, 5, 5, std::numbers::pi / 2, 1.0);
  // A quarter turn counter-clockwise on screen: the top-right pixel (4, 0)
  // goes to the top-left (0, 0), the top-left to the bottom-left (0, 4); in
  // general dst(x, y) = src(4 − y, x).
  CHECK(dst[0] == src[4]);
  CHECK(dst[4 * 5] == src[0]);
  for (std::size_t y = 0; y < 5; ++y)
    for (std::size_t x = 0; x < 5; ++x) CHECK(dst[y * 5 + x] == src[x * 5 + (4 - y)]);
  // Scale 2 about the centre (2, 2): dst(x, y) reads src at (2 + (x − 2)/2, 2 + (y − 2)/2).
  rotate_scale_image(src, dst, 5, 5, 0.0, 2.0);
  CHECK(dst[2 * 5 + 2] == src[2 * 5 + 2]);                 // the centre stays
  CHECK(dst[0] == src[1 * 5 + 1]);                         // (0, 0) reads (1, 1)
  CHECK(dst[1] == (src[1 * 5 + 1] + src[1 * 5 + 2]) / 2);  // (1, 0) reads (1.5, 1)
  // Scale ½: (1, 2) reads (0, 2); (0, 2) reads (−2, 2), outside.
  rotate_scale_image(src, dst, 5, 5, 0.0, 0.5);
  CHECK(dst[2 * 5 + 1] == src[2 * 5 + 0]);
  CHECK(dst[2 * 5 + 0] == 0.0f);
}

TEST_CASE("thicken_image grows or thins a stroke by a pixel per side per step", "[augment]") {
  std::vector<float> dot(7 * 7, 0.0f), dst(49);
  dot[3 * 7 + 3] = 1.0f;
  thicken_image(dot, dst, 7, 7, 1.0f);  // a plus sign of 5 ones
  CHECK(mass(dst) == 5.0);
  for (std::size_t p : {17u, 23u, 24u, 25u, 31u}) CHECK(dst[p] == 1.0f);
  thicken_image(dot, dst, 7, 7, 0.5f);  // centre 1, its 4 neighbours ½
  CHECK(mass(dst) == 3.0);
  CHECK(dst[24] == 1.0f);
  CHECK(dst[23] == 0.5f);
  CHECK(dst[16] == 0.0f);               // a diagonal neighbour is not in the plus
  thicken_image(dot, dst, 7, 7, 2.0f);  // a diamond of radius 2: 1 + 4 + 8 = 13
  CHECK(mass(dst) == 13.0);
  thicken_image(dot, dst, 7, 7, 0.0f);
  CHECK(dst == dot);
  // A vertical line one pixel wide becomes three wide; erosion of a 3×3
  // square by the plus keeps only its centre.
  std::vector<float> line(49, 0.0f), square(49, 0.0f);
  for (std::size_t y = 0; y < 7; ++y) line[y * 7 + 3] = 1.0f;
  thicken_image(line, dst, 7, 7, 1.0f);
  CHECK(mass(dst) == 21.0);
  for (std::size_t y = 2; y <= 4; ++y)
    for (std::size_t x = 2; x <= 4; ++x) square[y * 7 + x] = 1.0f;
  thicken_image(square, dst, 7, 7, -1.0f);
  CHECK(mass(dst) == 1.0);
  CHECK(dst[24] == 1.0f);
  CHECK_THROWS_AS(thicken_image(dot, dst, 7, 7, 2.5f), Error);
}

TEST_CASE("elastic fields are seeded, bounded by alpha, and smooth", "[augment]") {
  std::vector<float> fx(28 * 28), fy(28 * 28), gx(28 * 28), gy(28 * 28);
  Rng a(7), b(7);
  elastic_field(a, 28, 28, 34.0f, 4.0f, fx, fy);
  elastic_field(b, 28, 28, 34.0f, 4.0f, gx, gy);
  CHECK(fx == gx);
  CHECK(fy == gy);
  CHECK(fx != fy);
  // A normalised average of values in [−1, 1], times α, stays within ±α; and
  // smoothing makes neighbours close: the mean step between horizontal
  // neighbours is well below that of the raw uniform noise (2/3 · α).
  double step = 0.0;
  for (std::size_t y = 0; y < 28; ++y)
    for (std::size_t x = 0; x < 28; ++x) {
      CHECK(std::abs(fx[y * 28 + x]) <= 34.0f);
      if (x > 0) step += std::abs(fx[y * 28 + x] - fx[y * 28 + x - 1]);
    }
  step /= 28 * 27;
  CHECK(step < 0.1 * 34 * 2 / 3);
  elastic_field(a, 28, 28, 0.0f, 4.0f, fx, fy);
  CHECK(fx == std::vector<float>(28 * 28, 0.0f));
}

TEST_CASE("augment_digit applies each stage with its drawn amount, in order", "[augment]") {
  const auto src = blob_image(28, 28, 12, 12, 0.1f);
  std::vector<float> image = src, expected(src.size()), step(src.size());
  AugmentScratch scratch;
  Rng rng(3), copy(3);
  augment_digit(image, 28, 28, DigitAugment{}, rng, scratch);  // all off: untouched
  CHECK(image == src);
  CHECK(rng.next_u64() == copy.next_u64());  // and no random numbers drawn

  DigitAugment options;
  options.max_thickness = 1.0f;
  options.max_rotation_degrees = 10.0f;
  options.max_scale = 0.1f;
  Rng r1(5), r2(5);
  augment_digit(image, 28, 28, options, r1, scratch);
  const float t = r2.uniform(-1.0f, 1.0f);
  const double degrees = r2.uniform(-10.0f, 10.0f), scale = r2.uniform(1 - 0.1f, 1 + 0.1f);
  thicken_image(src, step, 28, 28, t);
  rotate_scale_image(step, expected, 28, 28, degrees * std::numbers::pi / 180, scale);
  CHECK(image == expected);
  CHECK(r1.next_u64() == r2.next_u64());

  options.max_scale = 0.6f;
  CHECK_THROWS_WITH(options.validate(), Catch::Contains("scale augmentation"));
}

TEST_CASE("blur_image spreads a dot into the normalised Gaussian and keeps an inner blob's mass",
          "[augment]") {
  // σ = 1: radius 3, kernel g(k) = e^(−k²/2) / Σ_{|j|≤3} e^(−j²/2); a dot at (7, 7) of a 15×15
  // image becomes g(x − 7)·g(y − 7).
  double total = 0.0;
  for (int k = -3; k <= 3; ++k) total += std::exp(-0.5 * k * k);
  std::vector<float> dot(15 * 15, 0.0f), dst(15 * 15);
  dot[7 * 15 + 7] = 1.0f;
  blur_image(dot, dst, 15, 15, 1.0f);
  for (int y = 0; y < 15; ++y)
    for (int x = 0; x < 15; ++x) {
      const int dx = x - 7, dy = y - 7;
      const double g = std::abs(dx) <= 3 && std::abs(dy) <= 3
                           ? std::exp(-0.5 * dx * dx) / total * std::exp(-0.5 * dy * dy) / total
                           : 0.0;
      INFO("pixel (" << x << ", " << y << ")");
      CHECK(dst[static_cast<std::size_t>(y * 15 + x)] == Approx(g).margin(1e-7));
    }
  // The blob sits 12 pixels from every edge, beyond the radius 6 of σ = 2: nothing is lost.
  const auto blob = blob_image(28, 28, 12, 12, 1.0f);
  std::vector<float> blurred(blob.size());
  blur_image(blob, blurred, 28, 28, 2.0f);
  CHECK(mass(blurred) == Approx(mass(blob)).epsilon(1e-6));
  blur_image(blob, blurred, 28, 28, 0.0f);
  CHECK(blurred == blob);
  CHECK_THROWS_AS(blur_image(blob, blurred, 28, 28, -1.0f), Error);
}

TEST_CASE("rescan_to_uci_grid counts a bar's bitmap ink per 4×4 block", "[augment]") {
  // A bar 4 wide (columns 12–15) and 20 tall (rows 4–23) in 28×28. Its box is
  // scaled by min(32/20, 32/4) = 1.6 to 6×32 bitmap pixels, placed at columns
  // (32 − 6)/2 = 13 … 18. The edge pixels sample the source at x = 12 − 0.5 +
  // 0.5·4/6 = 11.83 and 15.17, where the bilinear value is 0.83 ≥ 0.5: ink.
  // So columns 13–15 (block 3) and 16–18 (block 4) are ink on all 32 rows:
  // each of those cells holds 3·4 = 12 of 16 ink pixels.
  std::vector<float> bar(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y)
    for (int x = 12; x <= 15; ++x) bar[y * 28 + x] = 1.0f;
  const auto grid = rescan_to_uci_grid(bar, 28, 28, 0.5f);
  REQUIRE(grid.size() == 64);
  for (int gy = 0; gy < 8; ++gy)
    for (int gx = 0; gx < 8; ++gx) {
      INFO("cell " << gx << ", " << gy);
      CHECK(grid[gy * 8 + gx] == (gx == 3 || gx == 4 ? 0.75f : 0.0f));
    }
  // At threshold 0.9 the edge columns (0.83) are no longer ink, and neither
  // are the top and bottom rows (y = 4 − 0.5 + 0.5·20/32 = 3.81: 0.81):
  // 2 columns × 4 rows in the middle cells, 2 × 3 in the first and last rows.
  const auto thin = rescan_to_uci_grid(bar, 28, 28, 0.9f);
  CHECK(thin[0 * 8 + 3] == 0.375f);
  CHECK(thin[1 * 8 + 3] == 0.5f);
  CHECK(thin[4 * 8 + 4] == 0.5f);
  CHECK(thin[7 * 8 + 4] == 0.375f);
  // A pen of radius 1 (a plus sign) widens the bitmap bar by a pixel each
  // side, to columns 12–19: blocks 3 and 4 are then full.
  const auto broad = rescan_to_uci_grid(bar, 28, 28, 0.5f, 1);
  for (int gy = 0; gy < 8; ++gy) {
    CHECK(broad[gy * 8 + 2] == 0.0f);
    CHECK(broad[gy * 8 + 3] == 1.0f);
    CHECK(broad[gy * 8 + 4] == 1.0f);
    CHECK(broad[gy * 8 + 5] == 0.0f);
  }
  // Radius 2 reaches columns 11 and 20: a quarter of blocks 2 and 5 (1 column
  // × 4 rows of 16).
  const auto broader = rescan_to_uci_grid(bar, 28, 28, 0.5f, 2);
  CHECK(broader[3 * 8 + 2] == 0.25f);
  CHECK(broader[3 * 8 + 5] == 0.25f);
  // No ink: all zeros.
  CHECK(rescan_to_uci_grid(std::vector<float>(28 * 28, 0.0f), 28, 28, 0.5f) ==
        std::vector<float>(64, 0.0f));
}

TEST_CASE("the rescan augmentation draws its coin and threshold, and applies with probability p",
          "[augment]") {
  std::vector<float> bar(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y)
    for (int x = 12; x <= 15; ++x) bar[y * 28 + x] = 1.0f;
  DigitAugment never, always;
  never.rescan_probability = 1e-9f;
  always.rescan_probability = 1.0f;
  Rng rng_never(7), rng_always(7);
  AugmentScratch scratch;
  auto kept = bar, changed = bar;
  augment_digit(kept, 28, 28, never, rng_never, scratch);
  augment_digit(changed, 28, 28, always, rng_always, scratch);
  CHECK(kept == bar);
  CHECK(changed != bar);
  // Same draws either way, so the streams stay in step.
  CHECK(rng_never.uniform(0.0f, 1.0f) == rng_always.uniform(0.0f, 1.0f));
  DigitAugment bad;
  bad.rescan_probability = 1.5f;
  CHECK_THROWS_WITH(bad.validate(), "rescan probability must be in [0, 1], got 1.5");
}

TEST_CASE("a stretched rescan scales x and y separately, to the given width × 32", "[augment]") {
  // The bar of the test above: 4 wide (columns 12–15), 20 tall (rows 4–23).
  // Stretched to 16 × 32 bitmap pixels: x scales by 16/4 = 4, y by 32/20 =
  // 1.6, placed at columns (32 − 16)/2 = 8 … 23, rows 0 … 31. Bitmap column bx
  // samples x = 12 − 0.5 + (bx + 0.5)·4/16: bx = 0 → 11.625 (bilinear value
  // 0.625), bx = 15 → 15.375 (0.625); row by samples y = 4 − 0.5 + (by +
  // 0.5)·20/32: by = 0 → 3.8125 (0.8125), by = 31 → 23.1875 (0.8125). At
  // threshold 0.5 all 16 × 32 are ink: blocks 2, 3, 4, 5 full on every row
  // (keeping the aspect gave 0.75 in blocks 3 and 4 only).
  std::vector<float> bar(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y)
    for (int x = 12; x <= 15; ++x) bar[y * 28 + x] = 1.0f;
  const auto wide = rescan_to_uci_grid(bar, 28, 28, 0.5f, 0, 16.0);
  for (int gy = 0; gy < 8; ++gy)
    for (int gx = 0; gx < 8; ++gx) {
      INFO("cell " << gx << ", " << gy);
      CHECK(wide[gy * 8 + gx] == (gx >= 2 && gx <= 5 ? 1.0f : 0.0f));
    }
  // At threshold 0.7 the edge columns (0.625) drop out; the next ones, bx = 1
  // (x = 11.875: 0.875) and bx = 14 (x = 15.125: 0.875), stay: columns 9–22,
  // so blocks 2 and 5 hold 3 of their 4 columns: 12/16.
  const auto edges = rescan_to_uci_grid(bar, 28, 28, 0.7f, 0, 16.0);
  for (int gy = 0; gy < 8; ++gy) {
    CHECK(edges[gy * 8 + 1] == 0.0f);
    CHECK(edges[gy * 8 + 2] == 0.75f);
    CHECK(edges[gy * 8 + 3] == 1.0f);
    CHECK(edges[gy * 8 + 4] == 1.0f);
    CHECK(edges[gy * 8 + 5] == 0.75f);
    CHECK(edges[gy * 8 + 6] == 0.0f);
  }
  // A wide, flat box (20 × 4: rows 12–15, columns 4–23) stretched to 8
  // columns fills all 32 rows of columns 12–19: blocks 3 and 4, full.
  std::vector<float> flat(28 * 28, 0.0f);
  for (int y = 12; y <= 15; ++y)
    for (int x = 4; x <= 23; ++x) flat[y * 28 + x] = 1.0f;
  const auto squeezed = rescan_to_uci_grid(flat, 28, 28, 0.5f, 0, 8.0);
  for (int gy = 0; gy < 8; ++gy)
    for (int gx = 0; gx < 8; ++gx) {
      INFO("cell " << gx << ", " << gy);
      CHECK(squeezed[gy * 8 + gx] == (gx == 3 || gx == 4 ? 1.0f : 0.0f));
    }
  CHECK_THROWS_WITH(rescan_to_uci_grid(bar, 28, 28, 0.5f, 0, 40.0),
                    "rescan: the stretched width must be in [0, 32] bitmap pixels, got 40");
  CHECK_THROWS_WITH(rescan_to_uci_grid(bar, 28, 28, 0.5f, 0, -1.0),
                    "rescan: the stretched width must be in [0, 32] bitmap pixels, got -1");
}

TEST_CASE("the rescan stretch draws its coin and width after the rescan's draws", "[augment]") {
  std::vector<float> bar(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y)
    for (int x = 12; x <= 15; ++x) bar[y * 28 + x] = 1.0f;
  DigitAugment stretched;
  stretched.rescan_probability = 1.0f;
  stretched.rescan_stretch = 1.0f;
  Rng rng(11), replay(11);
  AugmentScratch scratch;
  auto image = bar;
  augment_digit(image, 28, 28, stretched, rng, scratch);
  // The same draws by hand: the rescan's coin and threshold (pen 0 draws
  // nothing), then the stretch's coin and its width in [12, 32].
  replay.uniform(0.0f, 1.0f);
  const float threshold = replay.uniform(0.15f, 0.5f);
  replay.uniform(0.0f, 1.0f);
  const float width = replay.uniform(12.0f, 32.0f);
  CHECK(image == uci_digit_to_mnist(rescan_to_uci_grid(bar, 28, 28, threshold, 0, width)));
  CHECK(image != uci_digit_to_mnist(rescan_to_uci_grid(bar, 28, 28, threshold, 0)));
  CHECK(rng.uniform(0.0f, 1.0f) == replay.uniform(0.0f, 1.0f));

  DigitAugment bad;
  bad.rescan_probability = 0.5f;
  bad.rescan_stretch = 1.5f;
  CHECK_THROWS_WITH(bad.validate(), "rescan stretch probability must be in [0, 1], got 1.5");
  bad.rescan_probability = 0.0f;
  bad.rescan_stretch = 0.5f;
  CHECK_THROWS_WITH(bad.validate(),
                    "the rescan stretch needs the rescan: give a rescan probability above 0");
}

TEST_CASE("draw_stroke paints max(pixel, clamp(r + 0.5 − d, 0, 1))", "[augment]") {
  // From (5, 10) to (15, 10), radius 1, on 20×20.
  std::vector<float> image(20 * 20, 0.0f);
  image[11 * 20 + 12] = 0.8f;  // darker than the stroke's 0.5 there: kept
  image[11 * 20 + 13] = 0.2f;  // lighter: raised to 0.5
  draw_stroke(image, 20, 20, 5.0, 10.0, 15.0, 10.0, 1.0);
  const auto at = [&](int x, int y) { return image[static_cast<std::size_t>(y * 20 + x)]; };
  CHECK(at(10, 10) == 1.0f);                                       // d = 0: 1.5, clamped
  CHECK(at(10, 11) == 0.5f);                                       // d = 1
  CHECK(at(10, 12) == 0.0f);                                       // d = 2: −0.5, clamped
  CHECK(at(4, 10) == 0.5f);                                        // 1 before the start
  CHECK(at(16, 10) == 0.5f);                                       // 1 past the end
  CHECK(at(16, 11) == Approx(1.5 - std::sqrt(2.0)).margin(1e-6));  // d = √2: 0.0858
  CHECK(at(17, 10) == 0.0f);
  CHECK(at(12, 11) == 0.8f);
  CHECK(at(13, 11) == 0.5f);
}

TEST_CASE("add_flag draws a 1's flag down-left from the top of its ink", "[augment]") {
  // A stem 2 wide (columns 13–14), rows 4–23: its top is row 4 at mean x
  // 13.5, its height 20. Length 0.5·20 = 10 at 45° below the horizontal: to
  // (13.5 − 7.0711, 4 + 7.0711) = (6.4289, 11.0711), radius 1. Pixel (9, 7)
  // is at distance |(−4.5, 3) × (−0.7071, 0.7071)| = 1.0607 from the line:
  // 1.5 − 1.0607 = 0.4393 (from the first pixel's x, 13, it would be 0.7929).
  std::vector<float> stem(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y) stem[y * 28 + 13] = stem[y * 28 + 14] = 1.0f;
  auto image = stem;
  add_flag(image, 28, 28, 0.5, std::numbers::pi / 4, 1.0);
  const auto at = [&](int x, int y) { return image[static_cast<std::size_t>(y * 28 + x)]; };
  CHECK(at(9, 7) == Approx(1.5 - 1.5 * std::sqrt(0.5)).margin(1e-6));
  CHECK(at(10, 6) == Approx(1.5 - 1.5 * std::sqrt(0.5)).margin(1e-6));
  CHECK(at(10, 8) == 1.0f);  // d = 0.3536: 1.146, clamped
  // Past the end, on the line's extension: the distance to the end point
  // (6.4289, 11.0711) from (5, 12) is 1.7043: 0; from (6, 12), 1.0232: 0.4768.
  CHECK(at(6, 12) == Approx(1.5 - std::hypot(0.4289322, 0.9289322)).margin(1e-5));
  CHECK(at(5, 12) == 0.0f);
  CHECK(at(13, 20) == 1.0f);  // the stem is kept
  CHECK(at(10, 20) == 0.0f);  // and nothing is drawn far from the flag
  // No ink: nothing to hang a flag on.
  std::vector<float> blank(28 * 28, 0.0f);
  add_flag(blank, 28, 28, 0.5, std::numbers::pi / 4, 1.0);
  CHECK(blank == std::vector<float>(28 * 28, 0.0f));
}

TEST_CASE("the flag augmentation changes only the 1s, with four draws for every digit",
          "[augment]") {
  std::vector<float> stem(28 * 28, 0.0f);
  for (int y = 4; y <= 23; ++y) stem[y * 28 + 13] = stem[y * 28 + 14] = 1.0f;
  DigitAugment flags;
  flags.flag_ones = 1.0f;
  AugmentScratch scratch;
  Rng rng_one(5), rng_seven(5), replay(5);
  auto one = stem, seven = stem;
  augment_digit(one, 28, 28, flags, rng_one, scratch, 1);
  augment_digit(seven, 28, 28, flags, rng_seven, scratch, 7);
  replay.uniform(0.0f, 1.0f);
  const double length = replay.uniform(0.25f, 0.55f);
  const double degrees = replay.uniform(20.0f, 60.0f);
  const double radius = replay.uniform(0.8f, 1.6f);
  auto expected = stem;
  add_flag(expected, 28, 28, length, degrees * std::numbers::pi / 180, radius);
  CHECK(one == expected);
  CHECK(one != stem);
  CHECK(seven == stem);
  CHECK(rng_one.uniform(0.0f, 1.0f) == replay.uniform(0.0f, 1.0f));
  Rng replay_seven(5);  // the 7 drew the same four numbers, unused
  for (int k = 0; k < 4; ++k) replay_seven.uniform(0.0f, 1.0f);
  CHECK(rng_seven.uniform(0.0f, 1.0f) == replay_seven.uniform(0.0f, 1.0f));
  DigitAugment bad;
  bad.flag_ones = 2.0f;
  CHECK_THROWS_WITH(bad.validate(), "flag probability of the 1s must be in [0, 1], got 2");
}
