// The lab's experiments: seed 003's claims, what we train to test each one,
// and how the verdict follows from the measured numbers.
#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/data/digits.hpp"
#include "glassbox/data/problems.hpp"
#include "plan.hpp"

namespace glassbox::lab {
namespace {

const Setting seed_setting{"seed", "Seed", "Draws the initial weights and the batch order.", 1, 1,
                           1000,   true};

Setting lr_setting(double value, double max) {
  return {"lr", "Learning rate η", "The step size of every arm.", value, 1e-4, max, false};
}

}  // namespace

const std::vector<ExperimentInfo>& catalog() {
  static const std::vector<ExperimentInfo> experiments = {
      {"optimizers",
       4,
       "Optimizers",
       "Adam is 4.2× faster! (SGD: 5000 iterations, momentum: 3200, Adam: 1200, on 3-bit parity)",
       "3-bit parity with the 3-8-1 sigmoid network, full batch, MSE; each optimizer at its "
       "common learning rate (SGD and momentum 0.5; RMSprop, Adam and AdamW 0.01). Then two "
       "moons (400 points) with a 2-8-8-2 ReLU network, softmax cross-entropy, batch 32 (SGD and "
       "momentum 0.1; the others 0.01). Every rate times the learning-rate scale; each run "
       "until its training loss is below the target. Faster = fewer epochs (and less time). "
       "Then the sweep: every optimizer on parity-3 at 0.1× to 10× its rate.",
       {seed_setting,
        {"lr_scale", "Learning-rate scale", "Multiplies every optimizer's learning rate.", 1, 0.05,
         20, false},
        {"target_loss", "Target loss", "Training loss (MSE) an optimizer must reach.", 0.01, 1e-4,
         0.2, false},
        {"target_loss_2d", "Target loss, two moons", "Training loss (cross-entropy) on two moons.",
         0.02, 1e-3, 0.5, false},
        {"max_epochs", "Max epochs", "Give up after this many epochs (two moons: at most 1000).",
         5000, 10, 20000, true}},
       {"loss", "loss_2d", "sweep", "matrices"},
       20},
      {"activations",
       5,
       "Activations in a deep net",
       "Sigmoid: gradient vanishing after layer 3, failed to train. ReLU 94%, Leaky ReLU 96%, "
       "GELU 95%.",
       "Two moons (400 training points, 200 test), a 6-hidden-layer network of width 16 with "
       "each activation (Xavier init for sigmoid, He for the ReLU family), plain SGD, batch 32.",
       {seed_setting,
        lr_setting(0.1, 2),
        {"epochs", "Epochs", "Epochs per activation.", 40, 1, 400, true}},
       {"loss", "test_accuracy", "gradient_norms"},
       30},
      {"depth",
       6,
       "Depth, residuals and normalization",
       "6-layer without residuals: gradient vanishes, fails to converge. With residuals: trains "
       "successfully, accuracy 97%. With residuals + LayerNorm: faster convergence, accuracy 98%.",
       "The 8×8 UCI digits (first 1,297 to train, last 500 to test), six hidden sigmoid layers of "
       "32: plain, residual blocks y = x + f(x), residual blocks with LayerNorm in front "
       "(pre-norm), "
       "and plain with BatchNorm after each dense layer. Plain SGD, batch 32.",
       {seed_setting,
        lr_setting(0.1, 2),
        {"epochs", "Epochs", "Epochs per network.", 15, 1, 200, true}},
       {"loss", "test_accuracy", "gradient_norms"},
       40},
      {"cnn-mlp",
       8,
       "CNN vs MLP on 8×8 digits",
       "MLP (64 → 128 → 10): accuracy 87%, params 8,320. CNN (Conv 8→16 → MaxPool → Conv 16→32 → "
       "Flatten → Dense 10): accuracy 94%, params 1,234 (6.7× fewer!)",
       "The 8×8 UCI digits (first 1,297 to train, last 500 to test). MLP 64-128-10 (ReLU) against "
       "a "
       "CNN: conv 8 filters 3×3 → ReLU → max-pool 2 → conv 16 filters 3×3 → ReLU → max-pool 2 → "
       "dense 10. Adam, batch 32.",
       {seed_setting,
        lr_setting(0.003, 0.1),
        {"epochs", "Epochs", "Epochs per network.", 15, 1, 200, true}},
       {"loss", "test_accuracy", "filters"},
       40},
      {"overfitting",
       11,
       "Overfitting and regularization",
       "Large network (1000 hidden units), small data (100 examples): no regularization: train "
       "100%, test 65% (overfitting!). Dropout (p=0.5): train 95%, test 88%. L2 (lambda=0.01): "
       "train 96%, test 89%.",
       "The first 100 of the 8×8 UCI digits to train, the last 400 to test; a 64-1000-10 ReLU "
       "network with Adam, batch 10: no regularization, dropout after the hidden layer, and an L2 "
       "penalty ½λΣw².",
       {seed_setting,
        lr_setting(0.001, 0.1),
        {"epochs", "Epochs", "Epochs per arm.", 40, 1, 500, true},
        {"dropout", "Dropout p", "Dropout rate of the dropout arm.", 0.5, 0.05, 0.9, false},
        {"l2", "L2 λ", "Penalty strength of the L2 arm.", 0.01, 1e-5, 1, false}},
       {"loss", "train_accuracy", "test_accuracy"},
       60},
      {"stability",
       12,
       "Training utilities: warmup and clipping",
       "Without learning rate warmup: Diverges in first 100 iterations. With warmup (2000 steps): "
       "Stable training, converges. Without gradient clipping: Exploding gradients at iteration "
       "1234. With gradient clipping (max_norm=1.0): Stable throughout.",
       "The 8×8 UCI digits (first 1,297 to train, last 500 to test), a 64-64-64-10 ReLU network "
       "trained by SGD with momentum 0.9 at a learning rate that diverges from a cold start: as "
       "is, with linear warmup over W steps, and with clipping by global norm. A run stops when "
       "the "
       "engine's divergence rule fires, with its reason.",
       {seed_setting,
        lr_setting(0.5, 5),
        {"epochs", "Epochs", "Epochs per arm.", 10, 1, 100, true},
        {"warmup", "Warmup steps", "Linear warmup length W (steps).", 200, 1, 5000, true},
        {"clip", "Clip norm", "Global-norm clipping threshold c.", 1, 0.01, 100, false}},
       {"loss", "test_accuracy"},
       30},
      {"early-stopping",
       12,
       "Training utilities: early stopping",
       "Goal: Improve training stability and efficiency. (Seed 003 lists EarlyStopping with "
       "patience, best_loss and counter, but gives no expected output for it.)",
       "The 64-1000-10 network of the overfitting experiment on 100 digits, with a validation set "
       "(350 other digits): trained for every epoch, and stopped when the validation loss has not "
       "improved for `patience` epochs, keeping the best weights.",
       {seed_setting,
        lr_setting(0.003, 0.1),
        {"epochs", "Epochs", "At most this many epochs.", 60, 2, 500, true},
        {"patience", "Patience", "Epochs without a better validation loss before stopping.", 5, 1,
         100, true}},
       {"loss", "validation_loss", "test_accuracy"},
       40},
  };
  static const std::vector<ExperimentInfo> all = [] {
    std::vector<ExperimentInfo> out = experiments;
    for (ExperimentInfo& info : sequence_catalog()) out.push_back(std::move(info));
    // Seed 003's order (stable: the two of example 12 keep theirs).
    std::stable_sort(out.begin(), out.end(),
                     [](const auto& a, const auto& b) { return a.example < b.example; });
    return out;
  }();
  return all;
}

namespace {

// Rows [begin, end) of `data`.
std::shared_ptr<const Dataset> rows(const Dataset& data, std::size_t begin, std::size_t end) {
  auto out = std::make_shared<Dataset>();
  out->count = end - begin;
  out->input_size = data.input_size;
  out->target_size = data.target_size;
  out->inputs.assign(data.inputs.begin() + static_cast<std::ptrdiff_t>(begin * data.input_size),
                     data.inputs.begin() + static_cast<std::ptrdiff_t>(end * data.input_size));
  out->targets.assign(data.targets.begin() + static_cast<std::ptrdiff_t>(begin * data.target_size),
                      data.targets.begin() + static_cast<std::ptrdiff_t>(end * data.target_size));
  out->validate();
  return out;
}

const Dataset& digits() {
  static const Dataset all = uci_digits();
  return all;
}

LayerSpec dense(std::size_t units, const std::string& init) {
  return {"dense", {{"units", static_cast<double>(units)}, {"init", init}}};
}

using Plan = Experiment::Plan;

Plan base(const std::string& name, const std::map<std::string, double>& s) {
  Plan p;
  p.name = name;
  p.model_seed = static_cast<std::uint64_t>(s.at("seed"));
  p.train.shuffle_seed = p.model_seed + 1;
  if (s.count("lr")) p.optimizer.learning_rate = static_cast<float>(s.at("lr"));
  if (s.count("epochs")) p.epochs = static_cast<std::size_t>(s.at("epochs"));
  return p;
}

const double sweep_scales[] = {0.1, 0.3, 1, 3, 10};

// Trains `plan` from its seed until an epoch's mean loss is below its target:
// that epoch, or −1 when it never gets there (or diverges).
double epochs_to_target(const Plan& plan) {
  Model model(plan.architecture, plan.model_seed);
  const auto optimizer = make_optimizer(plan.optimizer);
  Trainer trainer(model, *optimizer, *plan.train_data, plan.train);
  try {
    for (std::size_t epoch = 1; epoch <= plan.epochs; ++epoch)
      if (trainer.finish_epoch().mean_loss < plan.target_loss) return static_cast<double>(epoch);
  } catch (const TrainingDiverged&) {
  }
  return -1.0;
}

// One optimizer of the comparison: its name and common learning rate (on
// parity-3 and on two moons; scaled by the lr_scale setting).
struct Contender {
  const char* name;
  float parity_lr, moons_lr;
};
const Contender contenders[] = {{"sgd", 0.5f, 0.1f},
                                {"momentum", 0.5f, 0.1f},
                                {"rmsprop", 0.01f, 0.01f},
                                {"adam", 0.01f, 0.01f},
                                {"adamw", 0.01f, 0.01f}};

// The 2-D arm's arms are named "moons: sgd", ...; the page draws their loss on its own chart.
const std::string moons_prefix = "moons: ";

std::vector<Plan> optimizers(const std::map<std::string, double>& s) {
  const float scale = static_cast<float>(s.at("lr_scale"));
  ProblemData parity = make_problem("parity3");
  auto parity_train = std::make_shared<const Dataset>(std::move(parity.train));
  auto parity_test = std::make_shared<const Dataset>(std::move(parity.test));
  // Two moons with the engine's defaults: 400 training points, 200 test, seed 1, noise 0.1.
  ProblemData moons = make_problem("moons");
  auto moons_train = std::make_shared<const Dataset>(std::move(moons.train));
  auto moons_test = std::make_shared<const Dataset>(std::move(moons.test));
  std::vector<Plan> plans;
  for (const bool on_moons : {false, true}) {
    for (const Contender& c : contenders) {
      Plan p = base(on_moons ? moons_prefix + c.name : c.name, s);
      p.optimizer.name = c.name;
      if (p.optimizer.name == "adamw") p.optimizer.weight_decay = 0.01f;
      p.epochs = static_cast<std::size_t>(s.at("max_epochs"));
      if (on_moons) {
        // 2-8-8-2 ReLU, softmax cross-entropy, batch 32 (the problem's defaults).
        p.architecture =
            Architecture::from_sizes("2-8-8-2", "relu", LossKind::softmax_cross_entropy);
        p.optimizer.learning_rate = c.moons_lr * scale;
        p.train.batch_size = 32;
        p.train_data = moons_train;
        p.test_data = moons_test;
        p.epochs = std::min<std::size_t>(p.epochs, 1000);
        p.epochs_per_advance = 10;
        p.target_loss = static_cast<float>(s.at("target_loss_2d"));
        p.loss_chart = "loss_2d";
      } else {
        // 3-8-1 sigmoid, MSE, full batch (all 8 rows).
        p.architecture = Architecture::from_sizes("3-8-1", "sigmoid", parse_loss("mse"));
        p.optimizer.learning_rate = c.parity_lr * scale;
        p.train.batch_size = find_problem("parity3").batch_size;
        p.train_data = parity_train;
        p.test_data = parity_test;
        p.epochs_per_advance = 100;
        p.target_loss = static_cast<float>(s.at("target_loss"));
      }
      plans.push_back(std::move(p));
    }
  }
  // The learning-rate sweep on parity-3, measured once the Adam arm has
  // trained: every optimizer again at 0.1 to 10 times its rate (the
  // setting's scale aside).
  const std::vector<Plan> arms(plans.begin(), plans.begin() + 5);
  plans[3].measure_end = [arms](Model&, ArmResult& r) {
    Matrix m;
    m.title = "Learning-rate sweep: epochs to the target loss at η × scale (−1: not reached)";
    for (const double scale : sweep_scales) m.columns.push_back("× " + format("%g", scale));
    for (const Plan& arm : arms) {
      m.rows.push_back(arm.name);
      for (const double scale : sweep_scales) {
        Plan scaled = arm;
        scaled.optimizer.learning_rate = arm.optimizer.learning_rate * static_cast<float>(scale);
        m.values.push_back(epochs_to_target(scaled));
      }
    }
    r.matrices.push_back(std::move(m));
  };
  return plans;
}

std::vector<Plan> activations(const std::map<std::string, double>& s) {
  ProblemData data = make_problem("moons");
  auto train = std::make_shared<const Dataset>(std::move(data.train));
  auto test = std::make_shared<const Dataset>(std::move(data.test));
  std::vector<Plan> plans;
  for (const char* act : {"sigmoid", "relu", "leaky_relu", "gelu"}) {
    Plan p = base(act, s);
    p.architecture = Architecture::from_sizes(
        "2-16-16-16-16-16-16-2", act, LossKind::softmax_cross_entropy, 0.0f,
        std::string(act) == "sigmoid" ? "xavier_uniform" : "he_normal");
    p.optimizer.name = "sgd";
    p.train.batch_size = 32;
    p.train_data = train;
    p.test_data = test;
    plans.push_back(std::move(p));
  }
  return plans;
}

std::vector<Plan> depth(const std::map<std::string, double>& s) {
  const auto train = rows(digits(), 0, 1297), test = rows(digits(), 1297, 1797);
  std::vector<Plan> plans;
  for (const std::string kind : {"plain", "residual", "residual+layernorm", "batchnorm"}) {
    Plan p = base(kind, s);
    Architecture& a = p.architecture;
    a.input = {64};
    a.layers = {dense(32, "xavier_uniform"), LayerSpec{"sigmoid"}};
    for (int i = 0; i < 5; ++i) {
      std::vector<LayerSpec> body = {dense(32, "xavier_uniform"), LayerSpec{"sigmoid"}};
      if (kind == "residual+layernorm") body.insert(body.begin(), LayerSpec{"layernorm"});
      if (kind == "batchnorm") body.insert(body.begin() + 1, LayerSpec{"batchnorm"});
      if (kind == "plain" || kind == "batchnorm")
        a.layers.insert(a.layers.end(), body.begin(), body.end());
      else
        a.layers.push_back(LayerSpec{"residual", {}, body});
    }
    a.layers.push_back(dense(10, "xavier_uniform"));
    a.validate();
    p.optimizer.name = "sgd";
    p.train.batch_size = 32;
    p.train_data = train;
    p.test_data = test;
    plans.push_back(std::move(p));
  }
  return plans;
}

std::vector<Plan> cnn_mlp(const std::map<std::string, double>& s) {
  const auto train = rows(digits(), 0, 1297), test = rows(digits(), 1297, 1797);
  Plan mlp = base("MLP 64-128-10", s);
  mlp.architecture = Architecture::from_sizes("64-128-10", "relu", LossKind::softmax_cross_entropy);
  Plan cnn = base("CNN", s);
  cnn.architecture = Architecture::from_json(
      R"({"input": [1, 8, 8], "loss": "softmax_cross_entropy", "layers": [
        {"type": "conv2d", "filters": 8, "kernel": 3, "padding": 1}, {"type": "relu"},
        {"type": "maxpool2d", "size": 2},
        {"type": "conv2d", "filters": 16, "kernel": 3, "padding": 1}, {"type": "relu"},
        {"type": "maxpool2d", "size": 2}, {"type": "flatten"}, {"type": "dense", "units": 10}]})");
  cnn.keep_filters = true;
  std::vector<Plan> plans;
  for (Plan* p : {&mlp, &cnn}) {
    p->optimizer.name = "adam";
    p->train.batch_size = 32;
    p->train_data = train;
    p->test_data = test;
    plans.push_back(std::move(*p));
  }
  return plans;
}

Plan wide_network(const std::string& name, const std::map<std::string, double>& s, float dropout) {
  Plan p = base(name, s);
  p.architecture =
      Architecture::from_sizes("64-1000-10", "relu", LossKind::softmax_cross_entropy, dropout);
  p.optimizer.name = "adam";
  p.train.batch_size = 10;
  p.train_data = rows(digits(), 0, 100);
  return p;
}

std::vector<Plan> overfitting(const std::map<std::string, double>& s) {
  const auto test = rows(digits(), 1397, 1797);
  std::vector<Plan> plans;
  plans.push_back(wide_network("no regularization", s, 0.0f));
  plans.push_back(wide_network("dropout", s, static_cast<float>(s.at("dropout"))));
  plans.push_back(wide_network("L2", s, 0.0f));
  plans.back().train.l2 = static_cast<float>(s.at("l2"));
  for (Plan& p : plans) p.test_data = test;
  return plans;
}

std::vector<Plan> stability(const std::map<std::string, double>& s) {
  const auto train = rows(digits(), 0, 1297), test = rows(digits(), 1297, 1797);
  std::vector<Plan> plans;
  for (const std::string name : {"as is", "warmup", "clipping"}) {
    Plan p = base(name, s);
    p.architecture =
        Architecture::from_sizes("64-64-64-10", "relu", LossKind::softmax_cross_entropy);
    p.optimizer.name = "momentum";
    p.train.batch_size = 32;
    p.train_data = train;
    p.test_data = test;
    if (name == "warmup") {
      p.train.use_schedule = true;
      p.train.schedule.base = p.optimizer.learning_rate;
      p.train.schedule.warmup = static_cast<std::size_t>(s.at("warmup"));
    }
    if (name == "clipping") p.train.clip_norm = static_cast<float>(s.at("clip"));
    plans.push_back(std::move(p));
  }
  return plans;
}

std::vector<Plan> early_stopping(const std::map<std::string, double>& s) {
  const auto validation = rows(digits(), 1100, 1450), test = rows(digits(), 1450, 1797);
  std::vector<Plan> plans;
  plans.push_back(wide_network("every epoch", s, 0.0f));
  plans.push_back(wide_network("early stopping", s, 0.0f));
  plans.back().patience = static_cast<std::size_t>(s.at("patience"));
  for (Plan& p : plans) {
    p.validation_data = validation;
    p.test_data = test;
  }
  return plans;
}

}  // namespace

std::vector<Plan> make_plans(const std::string& id, const std::map<std::string, double>& s) {
  if (id == "optimizers") return optimizers(s);
  if (id == "activations") return activations(s);
  if (id == "depth") return depth(s);
  if (id == "cnn-mlp") return cnn_mlp(s);
  if (id == "overfitting") return overfitting(s);
  if (id == "stability") return stability(s);
  if (id == "early-stopping") return early_stopping(s);
  if (id == "recurrence") return recurrence(s);
  if (id == "attention") return attention(s);
  if (id == "embeddings") return embeddings(s);
  throw Error("unknown experiment '" + id + "'");
}

}  // namespace glassbox::lab
