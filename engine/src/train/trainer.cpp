#include "glassbox/train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/train/augment.hpp"
#include "glassbox/train/regularization.hpp"

namespace glassbox {
namespace {

bool all_finite(std::span<const float> values) {
  for (float v : values)
    if (!std::isfinite(v)) return false;
  return true;
}

std::string format_loss(float loss) {
  if (std::isnan(loss)) return "nan";
  if (std::isinf(loss)) return "inf";
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(loss));
  return text;
}

std::string format_rate(float rate) {
  char text[32];
  std::snprintf(text, sizeof text, "%g", static_cast<double>(rate));
  return text;
}

void require_off_or_positive(float value, const char* field) {
  require(
      std::isfinite(value) && value >= 0.0f,
      std::string(field) + " must be 0 (off) or a positive number, got " + std::to_string(value));
}

}  // namespace

void TrainOptions::validate() const {
  require(batch_size >= 1 && batch_size <= 65536,
          "batch size must be 1..65536, got " + std::to_string(batch_size));
  require(max_shift >= 0 && max_shift <= 8,
          "shift augmentation must be 0..8 pixels, got " + std::to_string(max_shift));
  require_off_or_positive(l1, "l1");
  require_off_or_positive(l2, "l2");
  require_off_or_positive(max_norm, "max-norm");
  require_off_or_positive(clip_norm, "clip-norm");
  require_off_or_positive(clip_value, "clip-value");
  if (use_schedule) schedule.validate();
}

TrainingDiverged::TrainingDiverged(std::size_t step, float loss, float learning_rate)
    : Error("training diverged at step " + std::to_string(step) + " (loss = " + format_loss(loss) +
            "); try a learning rate below " + format_rate(learning_rate)) {}

Trainer::Trainer(Model& model, Optimizer& optimizer, const Dataset& train, TrainOptions options)
    : model_(model),
      optimizer_(optimizer),
      data_(train),
      options_(options),
      rng_(options.shuffle_seed) {
  data_.validate();
  options_.validate();
  require(data_.input_size == model_.input_size(),
          "the data has " + std::to_string(data_.input_size) + " inputs per sample, the model " +
              std::to_string(model_.input_size()));
  require(data_.target_size == model_.output_size(),
          "the data has " + std::to_string(data_.target_size) + " targets per sample, the model " +
              std::to_string(model_.output_size()) + " outputs");
  require(
      options_.max_shift == 0 || options_.image_width * options_.image_height == data_.input_size,
      "shift augmentation needs image_width × image_height = the input size");
  order_.resize(data_.count);
  begin_epoch();
}

std::size_t Trainer::batches_per_epoch() const {
  return (data_.count + options_.batch_size - 1) / options_.batch_size;
}

void Trainer::begin_epoch() {
  std::iota(order_.begin(), order_.end(), 0u);
  rng_.shuffle(order_);
  position_ = 0;
  step_in_epoch_ = 0;
}

float Trainer::train_batch(std::size_t first, std::size_t size) {
  const std::size_t in = data_.input_size, out = data_.target_size;
  batch_inputs_.resize(size * in);
  batch_targets_.resize(size * out);
  for (std::size_t b = 0; b < size; ++b) {
    const std::size_t s = order_[first + b];
    std::copy_n(data_.inputs.begin() + static_cast<std::ptrdiff_t>(s * in), in,
                batch_inputs_.begin() + static_cast<std::ptrdiff_t>(b * in));
    std::copy_n(data_.targets.begin() + static_cast<std::ptrdiff_t>(s * out), out,
                batch_targets_.begin() + static_cast<std::ptrdiff_t>(b * out));
    if (options_.max_shift > 0) {
      const auto span = static_cast<std::uint64_t>(2 * options_.max_shift + 1);
      const int dx = static_cast<int>(rng_.below(span)) - options_.max_shift;
      const int dy = static_cast<int>(rng_.below(span)) - options_.max_shift;
      const auto row = std::span(batch_inputs_).subspan(b * in, in);
      shifted_.resize(in);
      shift_image(row, shifted_, options_.image_width, options_.image_height, dx, dy);
      std::copy(shifted_.begin(), shifted_.end(), row.begin());
    }
  }
  if (options_.use_schedule) optimizer_.set_learning_rate(options_.schedule.at(total_steps_));
  const std::size_t step_number = total_steps_ + 1;

  model_.set_training(true);
  model_.zero_gradients();
  const auto output = model_.forward(batch_inputs_, size);
  doutput_.resize(output.size());
  float loss =
      compute_loss(model_.architecture().loss, output, batch_targets_, doutput_, size, out);
  model_.backward(doutput_);
  model_.set_training(false);
  loss += add_weight_penalties(model_, options_.l1, options_.l2);
  // Nothing has changed yet: a bad loss or gradient leaves the model as it was.
  if (!std::isfinite(loss) || !all_finite(model_.gradients())) {
    throw TrainingDiverged(step_number, loss, optimizer_.learning_rate());
  }
  if (options_.clip_norm > 0.0f) clip_by_global_norm(model_.gradients(), options_.clip_norm);
  if (options_.clip_value > 0.0f) clip_by_value(model_.gradients(), options_.clip_value);

  last_good_.assign(model_.parameters().begin(), model_.parameters().end());
  optimizer_.step(model_.parameters(), model_.gradients());
  if (options_.max_norm > 0.0f) apply_max_norm(model_, options_.max_norm);
  if (!all_finite(model_.parameters())) {
    std::copy(last_good_.begin(), last_good_.end(), model_.parameters().begin());
    throw TrainingDiverged(step_number, loss, optimizer_.learning_rate());
  }
  return loss;
}

StepStats Trainer::step(std::size_t batches) {
  StepStats stats;
  double loss_sum = 0.0;
  for (std::size_t i = 0; i < batches; ++i) {
    const std::size_t size = std::min(options_.batch_size, data_.count - position_);
    loss_sum += double{train_batch(position_, size)} * static_cast<double>(size);
    position_ += size;
    stats.samples += size;
    ++stats.batches;
    ++step_in_epoch_;
    ++total_steps_;
    if (position_ == data_.count) {
      ++epoch_;
      begin_epoch();
    }
  }
  stats.mean_loss = stats.samples ? static_cast<float>(loss_sum / stats.samples) : 0.0f;
  stats.epoch = epoch_;
  stats.step_in_epoch = step_in_epoch_;
  stats.learning_rate = optimizer_.learning_rate();
  return stats;
}

StepStats Trainer::finish_epoch() {
  return step(batches_per_epoch() - step_in_epoch_);
}

}  // namespace glassbox
