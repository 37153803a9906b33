#include <algorithm>
#include <catch2/catch.hpp>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include "glassbox/core/error.hpp"
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
