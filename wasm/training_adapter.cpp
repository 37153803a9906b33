#include "training_adapter.hpp"

#include "adapters.hpp"
#include "glassbox/inspect/gradient_through_time.hpp"
#include "glassbox/io/idx.hpp"
#include "glassbox/io/mnist.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/train/checkpoint.hpp"
#include "glassbox/train/metrics.hpp"
#include "js_values.hpp"

namespace glassbox::wasm {
namespace {

Architecture architecture_from_js(const val& js) {
  const Fields f(js, "architecture");
  f.allow_only({"sizes", "activation", "loss", "dropout", "init", "json"}, "architecture field");
  if (f.has("json")) {  // a full description: CNNs, residual blocks, ...
    for (const char* other : {"sizes", "activation", "loss", "dropout", "init"})
      require(!f.has(other),
              std::string("architecture.json describes the whole network: drop ") + other);
    return for_field("architecture.json",
                     [&] { return Architecture::from_json(f.text("json", "")); });
  }
  require(f.has("sizes"), "architecture.sizes is required: layer sizes like [784, 128, 10]");
  const auto sizes = f.object("sizes");
  require(sizes.isArray(),
          "architecture.sizes must be an array of layer sizes, got " + describe(sizes));
  std::string joined;
  const auto count = sizes["length"].as<std::size_t>();
  for (std::size_t i = 0; i < count; ++i) {
    const val size = sizes[i];
    const std::string what = "architecture.sizes[" + std::to_string(i) + "]";
    joined +=
        (i ? "-" : "") + std::to_string(whole_number(number_value(size, what), 1, 65536, what));
  }
  std::string activation = "relu";
  if (f.has("activation")) {
    const val a = f.object("activation");
    if (a.isArray()) {
      activation.clear();
      for (std::size_t i = 0; i < a["length"].as<std::size_t>(); ++i) {
        const val name = a[i];
        require(name.typeOf().as<std::string>() == "string",
                "architecture.activation[" + std::to_string(i) + "] must be a string, got " +
                    describe(name));
        activation += (i ? "," : "") + name.as<std::string>();
      }
    } else {
      activation = f.text("activation", "relu");
    }
  }
  const LossKind loss = for_field(
      f.name("loss"), [&] { return parse_loss(f.text("loss", "softmax_cross_entropy")); });
  const double dropout = f.number("dropout", 0.0);
  require(std::isfinite(dropout) && dropout >= 0.0 && dropout < 1.0,
          "architecture.dropout must be in [0, 1), got " + std::to_string(dropout));
  const std::string init = f.text("init", "");
  return for_field("architecture", [&] {
    return Architecture::from_sizes(joined, activation, loss, static_cast<float>(dropout), init);
  });
}

Dataset dataset_from_js(const val& js, const Model& model, const std::string& what) {
  const Fields f(js, what);
  if (f.has("idxImages")) {  // MNIST-style IDX files, parsed by the engine
    f.allow_only({"idxImages", "idxLabels", "limit"}, what + " field");
    require(f.has("idxLabels"), what + " with idxImages also needs idxLabels");
    Dataset data = for_field(what, [&] {
      return mnist_from_idx(parse_idx(copy_typed_array<std::uint8_t>(
                                f.object("idxImages"), "Uint8Array", what + ".idxImages")),
                            parse_idx(copy_typed_array<std::uint8_t>(
                                f.object("idxLabels"), "Uint8Array", what + ".idxLabels")));
    });
    if (f.has("limit"))
      data = take_first(data, whole_number(f.number("limit", 0), 1, 1e7, what + ".limit"));
    require(data.input_size == model.input_size(),
            what + " images have " + std::to_string(data.input_size) + " pixels; the model takes " +
                std::to_string(model.input_size()) + " inputs");
    require(data.target_size == model.output_size(), what + " has 10 classes; the model has " +
                                                         std::to_string(model.output_size()) +
                                                         " outputs");
    return data;
  }
  // inputSize and targetSize are optional checks (a problem set carries them).
  f.allow_only({"inputs", "targets", "count", "multilabel", "inputSize", "targetSize"},
               what + " field");
  require(f.has("inputs") && f.has("targets") && f.has("count"),
          what + " needs inputs (Float32Array), targets (Float32Array) and count");
  Dataset data;
  data.count = whole_number(f.number("count", 0), 1, 10'000'000, what + ".count");
  // Int32Array inputs are token ids (N, T); Int32Array targets are class ids,
  // one per row of the model's logits (−1 ignores a position).
  if (f.object("inputs").instanceof (val::global("Int32Array"))) {
    data.tokens =
        copy_typed_array<std::int32_t>(f.object("inputs"), "Int32Array", what + ".inputs");
  } else {
    data.inputs = copy_typed_array<float>(f.object("inputs"), "Float32Array", what + ".inputs");
  }
  const bool class_ids = f.object("targets").instanceof (val::global("Int32Array"));
  if (class_ids) {
    data.labels =
        copy_typed_array<std::int32_t>(f.object("targets"), "Int32Array", what + ".targets");
  } else {
    data.targets = copy_typed_array<float>(f.object("targets"), "Float32Array", what + ".targets");
  }
  data.input_size = model.input_size();
  data.target_size = class_ids ? row_count(model.output_shape()) : model.output_size();
  // Several yes/no outputs (a circuit's bits): right only when every bit is.
  data.multilabel = f.boolean("multilabel", false);
  if (f.has("inputSize")) {
    const std::size_t n = whole_number(f.number("inputSize", 0), 0, 1e9, f.name("inputSize"));
    require(n == data.input_size, what + ".inputSize is " + std::to_string(n) +
                                      "; the model takes " + std::to_string(data.input_size) +
                                      " inputs");
  }
  if (f.has("targetSize")) {
    const std::size_t n = whole_number(f.number("targetSize", 0), 0, 1e9, f.name("targetSize"));
    require(n == data.target_size, what + ".targetSize is " + std::to_string(n) +
                                       "; the model has " + std::to_string(data.target_size) +
                                       " outputs");
  }
  if (data.has_labels() && data.target_size > 0) {
    // The loss would refuse a class id past the logits only mid-run; refuse it here.
    const std::size_t classes = model.output_size() / data.target_size;
    for (std::size_t i = 0; i < data.labels.size(); ++i) {
      const std::int32_t id = data.labels[i];
      // Below −1 is Dataset::validate's refusal ("class ids are 0 or more").
      if (id < 0 || static_cast<std::size_t>(id) < classes) continue;
      throw Error(what + ".targets: class id " + std::to_string(i % data.target_size) +
                  " of sample " + std::to_string(i / data.target_size) + " is " +
                  std::to_string(id) + "; this model has " + std::to_string(classes) +
                  " classes, so class ids are 0 to " + std::to_string(classes - 1) +
                  ", or −1 to ignore a position");
    }
  }
  const std::size_t input_count = data.has_tokens() ? data.tokens.size() : data.inputs.size();
  const std::size_t target_count = data.has_labels() ? data.labels.size() : data.targets.size();
  require(input_count == checked_multiply(data.count, data.input_size, "the inputs"),
          what + ".inputs has " + std::to_string(input_count) + " values; " +
              std::to_string(data.count) + " samples × " + std::to_string(data.input_size) +
              " inputs needs " + std::to_string(data.count * data.input_size));
  require(target_count == checked_multiply(data.count, data.target_size, "the targets"),
          what + ".targets has " + std::to_string(target_count) + " values; " +
              std::to_string(data.count) + " samples × " + std::to_string(data.target_size) +
              " outputs needs " + std::to_string(data.count * data.target_size));
  return data;
}

// Every key TrainingSession.start reads from its options (training.ts).
const std::vector<std::string> option_keys = {
    "optimizer",   "learningRate", "momentum",    "rho",        "beta1",      "beta2",   "epsilon",
    "weightDecay", "batchSize",    "seed",        "l1",         "l2",         "maxNorm", "clipNorm",
    "clipValue",   "schedule",     "shiftPixels", "imageWidth", "imageHeight"};
const std::vector<std::string> schedule_keys = {"kind",       "decayRate",       "decayEvery",
                                                "totalSteps", "minLearningRate", "warmupSteps"};

OptimizerOptions optimizer_from_js(const Fields& f) {
  OptimizerOptions o;
  o.name = f.text("optimizer", "adam");
  o.learning_rate = static_cast<float>(f.number("learningRate", 1e-3));
  o.momentum = static_cast<float>(f.number("momentum", o.momentum));
  o.rho = static_cast<float>(f.number("rho", o.rho));
  o.beta1 = static_cast<float>(f.number("beta1", o.beta1));
  o.beta2 = static_cast<float>(f.number("beta2", o.beta2));
  o.epsilon = static_cast<float>(f.number("epsilon", o.epsilon));
  o.weight_decay = static_cast<float>(f.number("weightDecay", o.name == "adamw" ? 0.01 : 0.0));
  require(
      std::isfinite(o.learning_rate) && o.learning_rate > 0.0f && o.learning_rate <= 10.0f,
      f.name("learningRate") + " must be a number in (0, 10], got " + number_text(o.learning_rate));
  for_field(f.name("optimizer"), [&] {
    o.validate();
    return 0;
  });
  return o;
}

TrainOptions train_options_from_js(const Fields& f, float learning_rate) {
  TrainOptions t;
  t.batch_size = whole_number(f.number("batchSize", 32), 1, 65536, f.name("batchSize"));
  // As in the CLI: the model draws from `seed`, the shuffle from seed + 1.
  t.shuffle_seed = whole_number(f.number("seed", 1), 0, 9007199254740990.0, f.name("seed")) + 1;
  t.l1 = f.off_or_positive("l1");
  t.l2 = f.off_or_positive("l2");
  t.max_norm = f.off_or_positive("maxNorm");
  t.clip_norm = f.off_or_positive("clipNorm");
  t.clip_value = f.off_or_positive("clipValue");
  t.max_shift =
      static_cast<int>(whole_number(f.number("shiftPixels", 0), 0, 8, f.name("shiftPixels")));
  t.image_width = whole_number(f.number("imageWidth", 0), 0, 4096, f.name("imageWidth"));
  t.image_height = whole_number(f.number("imageHeight", 0), 0, 4096, f.name("imageHeight"));
  if (f.has("schedule")) {
    const Fields s(f.object("schedule"), f.name("schedule"));
    s.allow_only(schedule_keys, "option", "schedule.");
    t.use_schedule = true;
    Schedule& schedule = t.schedule;
    schedule.kind =
        for_field(s.name("kind"), [&] { return parse_schedule(s.text("kind", "constant")); });
    schedule.base = learning_rate;
    schedule.gamma = static_cast<float>(s.number("decayRate", 0.1));
    schedule.period = whole_number(s.number("decayEvery", 1), 1, 1e9, s.name("decayEvery"));
    schedule.total = whole_number(s.number("totalSteps", 1), 1, 1e9, s.name("totalSteps"));
    schedule.minimum = static_cast<float>(s.number("minLearningRate", 0));
    schedule.warmup = whole_number(s.number("warmupSteps", 0), 0, 1e9, s.name("warmupSteps"));
  }
  for_field(f.prefix(), [&] {
    t.validate();
    return 0;
  });
  return t;
}

val evaluation_to_js(const Evaluation& e) {
  val result = val::object();
  result.set("count", e.count);
  result.set("correct", e.correct);
  result.set("accuracy", e.accuracy());
  result.set("meanLoss", e.mean_loss);
  result.set("classes", e.classes);
  val confusion = val::array(), precision = val::array(), recall = val::array();
  for (std::size_t n : e.confusion) confusion.call<void>("push", n);
  for (std::size_t c = 0; c < e.classes; ++c) {
    precision.call<void>("push", e.precision(c));
    recall.call<void>("push", e.recall(c));
  }
  result.set("confusion", confusion);
  result.set("predictions", to_typed_array(e.predictions, "Uint8Array"));
  result.set("precision", precision);
  result.set("recall", recall);
  return result;
}

}  // namespace

val TrainingSession::start(const val& architecture, const val& data, const val& options) {
  return guarded([&] {
    const Fields f(options, "options");
    f.allow_only(option_keys, "option");
    const Architecture arch = architecture_from_js(architecture);
    const OptimizerOptions optimizer = optimizer_from_js(f);
    const TrainOptions train = train_options_from_js(f, optimizer.learning_rate);
    // Build everything first, so a failure leaves a running session untouched.
    Model model(arch, train.shuffle_seed - 1);
    Dataset dataset = dataset_from_js(data, model, "data");
    trainer_.reset();
    model_.emplace(std::move(model));
    data_ = std::move(dataset);
    optimizer_ = make_optimizer(optimizer);
    trainer_ = std::make_unique<Trainer>(*model_, *optimizer_, data_, train);
    return val::null();
  });
}

val TrainingSession::step(const val& batches) {
  return guarded([&] {
    require(trainer_ != nullptr, "start the training session first");
    const StepStats s =
        trainer_->step(whole_number(number_value(batches, "batches"), 1, 1e6, "batches"));
    val result = val::object();
    result.set("batches", s.batches);
    result.set("samples", s.samples);
    result.set("meanLoss", s.mean_loss);
    result.set("epoch", s.epoch);
    result.set("stepInEpoch", s.step_in_epoch);
    result.set("learningRate", s.learning_rate);
    result.set("totalSteps", trainer_->total_steps());
    result.set("batchesPerEpoch", trainer_->batches_per_epoch());
    return result;
  });
}

val TrainingSession::evaluate(const val& data) {
  return guarded([&] {
    require(model_.has_value(), "start the training session first");
    return evaluation_to_js(glassbox::evaluate(*model_, dataset_from_js(data, *model_, "data")));
  });
}

val NetworkHandle::evaluate(const val& data) {
  return guarded([&] {
    Model& m = model();
    return evaluation_to_js(glassbox::evaluate(m, dataset_from_js(data, m, "data")));
  });
}

val TrainingSession::to_safetensors() const {
  return guarded([&] {
    require(model_.has_value(), "start the training session first");
    return to_typed_array(save_safetensors(*model_), "Uint8Array");
  });
}

val TrainingSession::export_model(const val& format, const val& model_file) const {
  if (!model_.has_value())
    return guarded([]() -> val { throw Error("start the training session first"); });
  return wasm::export_model(*model_, format, model_file);
}

val TrainingSession::parameters() const {
  return guarded([&] {
    require(model_.has_value(), "start the training session first");
    const auto p = model_->parameters();
    return to_typed_array(std::vector<float>(p.begin(), p.end()), "Float32Array");
  });
}

val TrainingSession::trace(const val& input, const val& target) {
  return guarded([&] {
    require(model_.has_value() && optimizer_, "start the training session first");
    const auto x = copy_typed_array<float>(input, "Float32Array", "input");
    require(x.size() == model_->input_size(), "input has " + std::to_string(x.size()) +
                                                  " values; this network takes " +
                                                  std::to_string(model_->input_size()));
    // Class ids (Int32Array, one per row of logits, −1 = ignore): the sparse loss.
    if (target.instanceof (val::global("Int32Array"))) {
      const auto ids = copy_typed_array<std::int32_t>(target, "Int32Array", "target");
      return trace_to_js(trace_sample_ids(*model_, x, ids, *optimizer_), *model_);
    }
    const auto t = copy_typed_array<float>(target, "Float32Array", "target");
    return trace_to_js(trace_sample(*model_, x, t, *optimizer_), *model_);
  });
}

val TrainingSession::gradient_through_time(const val& data, const val& count) {
  return guarded([&] {
    require(model_.has_value(), "start the training session first");
    const std::size_t n = whole_number(number_value(count, "count"), 1, 4096, "count");
    const GradientThroughTime g =
        glassbox::gradient_through_time(*model_, dataset_from_js(data, *model_, "data"), n);
    val result = val::object();
    result.set("examples", g.examples);
    result.set("profile", to_typed_array(g.profile, "Float64Array"));
    result.set("ratio", g.ratio);
    return result;
  });
}

val TrainingSession::save_state() const {
  return guarded([&] {
    require(trainer_ != nullptr, "start the training session first");
    return to_typed_array(save_checkpoint(*model_, *optimizer_, *trainer_, data_), "Uint8Array");
  });
}

val TrainingSession::restore_state(const val& bytes) {
  return guarded([&] {
    require(trainer_ != nullptr, "start the training session with the saved run's settings first");
    const auto state = copy_typed_array<std::uint8_t>(bytes, "Uint8Array", "the saved state");
    load_checkpoint(state, *model_, *optimizer_, *trainer_, data_);
    return val::null();
  });
}

std::string TrainingSession::architecture_json() const {
  return model_ ? model_->architecture().to_json() : "";
}

}  // namespace glassbox::wasm
