#include <catch2/catch.hpp>

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
