#include "glassbox/train/trainer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <numeric>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/train/augment.hpp"
#include "glassbox/train/regularization.hpp"

namespace glassbox {
namespace {

// A float is inf or NaN exactly when its 8 exponent bits are all ones. Tested
// on the bits and OR-ed without an early exit, so the loop vectorizes (it runs
// over every weight and gradient each step).
bool all_finite(std::span<const float> values) {
  std::uint32_t non_finite = 0;
  for (const float v : values) {
    std::uint32_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    non_finite |= static_cast<std::uint32_t>((bits & 0x7f800000u) == 0x7f800000u);
  }
  return non_finite == 0;
}

// Four significant digits: "2.445", "6381", "1.566e+06", "nan", "inf".
std::string format_number(float value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char text[32];
  std::snprintf(text, sizeof text, "%.4g", static_cast<double>(value));
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
  augment.validate();
  require_off_or_positive(l1, "l1");
  require_off_or_positive(l2, "l2");
  require_off_or_positive(max_norm, "max-norm");
  require_off_or_positive(clip_norm, "clip-norm");
  require_off_or_positive(clip_value, "clip-value");
  if (use_schedule) schedule.validate();
}

TrainingDiverged::TrainingDiverged(std::size_t step, const std::string& reason, float learning_rate)
    : Error("training diverged at step " + std::to_string(step) + ": " + reason +
            "; try a learning rate below " + format_number(learning_rate)) {}

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
  if (data_.has_labels()) {
    // Class ids: the model gives logits (rows, classes) per sample, one row
    // per id (a sequence model: one per time step).
    require(model_.architecture().loss == LossKind::softmax_cross_entropy,
            "class-id targets need the softmax_cross_entropy loss");
    classes_ = last_dim(model_.output_shape());
    require(row_count(model_.output_shape()) == data_.target_size,
            "the data has " + std::to_string(data_.target_size) +
                " class ids per sample; the model's output " +
                shape_to_string(model_.output_shape()) + " has " +
                std::to_string(row_count(model_.output_shape())) + " rows of logits");
  } else {
    require(data_.target_size == model_.output_size(),
            "the data has " + std::to_string(data_.target_size) +
                " targets per sample, the model " + std::to_string(model_.output_size()) +
                " outputs");
  }
  require(model_.architecture().vocabulary == 0 || data_.has_tokens(),
          "the model reads token ids; give the data as tokens (Int32Array)");
  require((options_.max_shift == 0 && !options_.augment.any()) ||
              options_.image_width * options_.image_height == data_.input_size,
          "shift and digit augmentation need image_width × image_height = the input size");
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
  if (data_.has_labels()) {
    batch_labels_.resize(size * out);
  } else {
    batch_targets_.resize(size * out);
  }
  for (std::size_t b = 0; b < size; ++b) {
    const std::size_t s = order_[first + b];
    data_.copy_inputs(s, std::span(batch_inputs_).subspan(b * in, in));
    if (data_.has_labels()) {
      std::copy_n(data_.labels.begin() + static_cast<std::ptrdiff_t>(s * out), out,
                  batch_labels_.begin() + static_cast<std::ptrdiff_t>(b * out));
    } else {
      std::copy_n(data_.targets.begin() + static_cast<std::ptrdiff_t>(s * out), out,
                  batch_targets_.begin() + static_cast<std::ptrdiff_t>(b * out));
    }
    if (options_.augment.any()) {
      // The digit's class, for the augmentations of one digit (the 1s' flag).
      const int label = static_cast<int>(data_.label(s));
      augment_digit(std::span(batch_inputs_).subspan(b * in, in), options_.image_width,
                    options_.image_height, options_.augment, rng_, augment_scratch_, label);
    }
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
      data_.has_labels()
          ? sparse_softmax_cross_entropy(output, batch_labels_, doutput_, size * out, classes_)
          : compute_loss(model_.architecture().loss, output, batch_targets_, doutput_, size, out);
  model_.backward(doutput_);
  model_.set_training(false);
  loss += add_weight_penalties(model_, options_.l1, options_.l2);
  if (!std::isfinite(loss)) diverge(step_number, "the loss is " + format_number(loss));
  if (!all_finite(model_.gradients())) diverge(step_number, "a gradient is not finite");

  // DivergenceRule (trainer.hpp): a reference, a smoothed loss, a limit.
  if (total_steps_ == 0) {
    reference_loss_ = smoothed_loss_ = loss;
  } else {
    smoothed_loss_ += DivergenceRule::smoothing * (loss - smoothed_loss_);
  }
  const float limit =
      std::max(DivergenceRule::factor * reference_loss_, reference_loss_ + DivergenceRule::margin);
  if (smoothed_loss_ > limit) {
    diverge(step_number, "the loss grew from " + format_number(reference_loss_) + " to " +
                             format_number(smoothed_loss_) + " (smoothed)");
  }
  // The weights this loss was computed on, before the update changes them.
  if (total_steps_ % DivergenceRule::snapshot_every == 0 && loss <= reference_loss_ &&
      smoothed_loss_ <= reference_loss_) {
    snapshot_parameters_.assign(model_.parameters().begin(), model_.parameters().end());
    snapshot_state_.assign(model_.state().begin(), model_.state().end());
    snapshot_step_ = step_number;
  }

  if (options_.clip_norm > 0.0f) clip_by_global_norm(model_.gradients(), options_.clip_norm);
  if (options_.clip_value > 0.0f) clip_by_value(model_.gradients(), options_.clip_value);
  optimizer_.step(model_.parameters(), model_.gradients());
  if (options_.max_norm > 0.0f) apply_max_norm(model_, options_.max_norm);
  // A read, not a copy: cheap next to the step.
  if (!all_finite(model_.parameters()))
    diverge(step_number, "a weight is not finite after the update");
  return loss;
}

void Trainer::diverge(std::size_t step, const std::string& reason) {
  // Before the first snapshot nothing has been updated yet.
  if (snapshot_step_ > 0) {
    std::copy(snapshot_parameters_.begin(), snapshot_parameters_.end(),
              model_.parameters().begin());
    std::copy(snapshot_state_.begin(), snapshot_state_.end(), model_.state().begin());
  }
  diverged_.emplace(step, reason, optimizer_.learning_rate());
  throw *diverged_;
}

StepStats Trainer::step(std::size_t batches) {
  if (diverged_) throw *diverged_;
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

TrainerState Trainer::save_state() const {
  require(
      !diverged_.has_value(),
      "this run diverged; there is nothing to continue (its last good weights are in the model)");
  TrainerState state;
  state.order = order_;
  state.rng = rng_.state();
  state.position = position_;
  state.epoch = epoch_;
  state.step_in_epoch = step_in_epoch_;
  state.total_steps = total_steps_;
  state.reference_loss = reference_loss_;
  state.smoothed_loss = smoothed_loss_;
  state.snapshot_parameters = snapshot_parameters_;
  state.snapshot_state = snapshot_state_;
  state.snapshot_step = snapshot_step_;
  return state;
}

void Trainer::load_state(const TrainerState& state) {
  const std::size_t count = data_.count;
  require(state.order.size() == count,
          "the checkpoint's sample order has " + std::to_string(state.order.size()) +
              " entries; the data has " + std::to_string(count) + " samples");
  std::vector<bool> seen(count, false);
  for (const std::uint32_t s : state.order) {
    require(s < count && !seen[s], "the checkpoint's sample order is not a permutation of 0.." +
                                       std::to_string(count - 1));
    seen[s] = true;
  }
  require(state.position < count, "the checkpoint's position " + std::to_string(state.position) +
                                      " is past the " + std::to_string(count) + " samples");
  require(state.step_in_epoch <= state.total_steps && state.epoch <= state.total_steps,
          "the checkpoint's step counts disagree");
  const bool snapshot_ok = (state.snapshot_step == 0 && state.snapshot_parameters.empty()) ||
                           (state.snapshot_parameters.size() == model_.parameters().size() &&
                            state.snapshot_state.size() == model_.state().size());
  require(snapshot_ok, "the checkpoint's last good weights do not fit this model");
  require(std::isfinite(state.reference_loss) && std::isfinite(state.smoothed_loss),
          "the checkpoint's losses are not finite");
  Rng rng = rng_;
  rng.set_state(state.rng);
  rng_ = rng;
  order_ = state.order;
  position_ = state.position;
  epoch_ = state.epoch;
  step_in_epoch_ = state.step_in_epoch;
  total_steps_ = state.total_steps;
  reference_loss_ = state.reference_loss;
  smoothed_loss_ = state.smoothed_loss;
  snapshot_parameters_ = state.snapshot_parameters;
  snapshot_state_ = state.snapshot_state;
  snapshot_step_ = state.snapshot_step;
  diverged_.reset();
}

StepStats Trainer::finish_epoch() {
  return step(batches_per_epoch() - step_in_epoch_);
}

}  // namespace glassbox
