// The Lab (glassbox/lab/lab.hpp): the verdict rules on hand-made numbers, the
// settings' validation, and each experiment's measured direction with its
// default (fixed) seed. The defaults' verdicts and summaries are the ones the
// page's index quotes (web/src/lab/measured.json): held here exactly.
#include <catch2/catch.hpp>
#include <cmath>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../../engine/src/lab/plan.hpp"
#include "glassbox/core/error.hpp"
#include "glassbox/data/token_tasks.hpp"
#include "glassbox/lab/lab.hpp"
#include "glassbox/train/token_runs.hpp"

using namespace glassbox;
using namespace glassbox::lab;

namespace {

ArmResult arm(const std::string& name, std::vector<std::pair<std::string, double>> numbers,
              bool diverged = false) {
  return {name, std::move(numbers), diverged, diverged ? "the loss is nan" : "", {}};
}

std::string error_of(const std::function<void()>& body) {
  try {
    body();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

nlohmann::json measured() {
  std::ifstream file(std::string(GLASSBOX_SOURCE_DIR) + "/web/src/lab/measured.json");
  std::stringstream text;
  text << file.rdbuf();
  return nlohmann::json::parse(text.str());
}

}  // namespace

TEST_CASE("optimizer verdicts: epochs(SGD) / epochs(Adam) against 4.2×", "[lab]") {
  const std::map<std::string, double> none;
  auto run = [&](double sgd, double adam) {
    return judge(
        "optimizers",
        {arm("sgd", {{"epochs to target", sgd}}), arm("adam", {{"epochs to target", adam}})}, none);
  };
  // 5000 / 1200 = 4.17: the claim's own numbers hold.
  CHECK(run(5000, 1200).verdict == "holds");
  CHECK(run(5000, 1200).summary ==
        "SGD 5000 epochs, Adam 1200: Adam is 4.2× faster (claim: 4.2×).");
  // 9.6× is outside [2.8, 6.3]: Adam is faster, by another ratio.
  CHECK(run(960, 100).verdict == "holds partly");
  CHECK(run(100, 100).verdict == "does not hold here");
  CHECK(run(-1, 100).verdict == "holds partly");
  CHECK(run(100, -1).verdict == "does not hold here");
  // The two-moons arm is reported beside the parity ratio; the verdict stays parity's.
  auto with_moons = [&](double moons_sgd, double moons_adam) {
    return judge("optimizers",
                 {arm("sgd", {{"epochs to target", 960}}), arm("adam", {{"epochs to target", 100}}),
                  arm("moons: sgd", {{"epochs to target", moons_sgd}}),
                  arm("moons: adam", {{"epochs to target", moons_adam}})},
                 none);
  };
  CHECK(with_moons(95, 22).verdict == "holds partly");
  CHECK(with_moons(95, 22).summary ==
        "SGD 960 epochs, Adam 100: Adam is 9.6× faster, not 4.2×; the ratio depends on the "
        "learning rates. On two moons: SGD 95 epochs, Adam 22: 4.3×.");
  CHECK(with_moons(-1, 22).summary.substr(with_moons(-1, 22).summary.find(" On two")) ==
        " On two moons: SGD did not reach the target, Adam 22.");
}

TEST_CASE("activation, depth, CNN, overfitting, stability and early-stopping verdict rules",
          "[lab]") {
  const std::map<std::string, double> none;
  auto acts = [&](double sigmoid, double others) {
    std::vector<ArmResult> arms = {arm("sigmoid", {{"test accuracy %", sigmoid},
                                                   {"first-layer gradient norm", 1e-5},
                                                   {"last-layer gradient norm", 0.1}})};
    for (const char* name : {"relu", "leaky_relu", "gelu"})
      arms.push_back(arm(name, {{"test accuracy %", others}}));
    return judge("activations", arms, none).verdict;
  };
  CHECK(acts(50, 95) == "holds");
  CHECK(acts(80, 95) == "holds partly");
  CHECK(acts(94, 95) == "does not hold here");

  auto depth = [&](double plain, double residual, double norm) {
    return judge("depth",
                 {arm("plain", {{"test accuracy %", plain}}),
                  arm("residual", {{"test accuracy %", residual}}),
                  arm("residual+layernorm", {{"test accuracy %", norm}}),
                  arm("batchnorm", {{"test accuracy %", 90}})},
                 none)
        .verdict;
  };
  CHECK(depth(10, 97, 98) == "holds");
  CHECK(depth(10, 97, 96) == "holds partly");
  CHECK(depth(90, 95, 96) == "does not hold here");

  auto cnn = [&](double mlp_acc, double cnn_acc, double cnn_params) {
    return judge("cnn-mlp",
                 {arm("MLP 64-128-10", {{"test accuracy %", mlp_acc}, {"parameters", 8330}}),
                  arm("CNN", {{"test accuracy %", cnn_acc}, {"parameters", cnn_params}})},
                 none)
        .verdict;
  };
  CHECK(cnn(87, 94, 1234) == "holds");
  CHECK(cnn(94, 93, 1234) == "holds partly");
  CHECK(cnn(94, 90, 1234) == "does not hold here");
  CHECK(cnn(87, 94, 9000) == "does not hold here");

  auto over = [&](double train, double test, double drop, double l2) {
    return judge(
               "overfitting",
               {arm("no regularization", {{"train accuracy %", train}, {"test accuracy %", test}}),
                arm("dropout", {{"test accuracy %", drop}}), arm("L2", {{"test accuracy %", l2}})},
               none)
        .verdict;
  };
  CHECK(over(100, 65, 88, 89) == "holds");
  CHECK(over(100, 80, 81, 79) == "holds partly");
  CHECK(over(100, 80, 79, 80) == "does not hold here");

  auto stab = [&](bool plain, bool warm, bool clip) {
    return judge("stability",
                 {arm("as is", {{"test accuracy %", 10}}, plain),
                  arm("warmup", {{"test accuracy %", 90}}, warm),
                  arm("clipping", {{"test accuracy %", 90}}, clip)},
                 none)
        .verdict;
  };
  CHECK(stab(true, false, false) == "holds");
  CHECK(stab(true, true, false) == "holds partly");
  CHECK(stab(false, false, false) == "does not hold here");

  auto early = [&](double epochs, double accuracy) {
    return judge("early-stopping",
                 {arm("every epoch", {{"epochs", 100}, {"test accuracy %", 80}}),
                  arm("early stopping",
                      {{"epochs", epochs}, {"best epoch", 5}, {"test accuracy %", accuracy}})},
                 none)
        .verdict;
  };
  CHECK(early(10, 79.5) == "holds");
  CHECK(early(10, 70) == "holds partly");
  CHECK(early(100, 80) == "does not hold here");
}

TEST_CASE("the lab refuses unknown experiments, unknown settings and values out of range",
          "[lab]") {
  CHECK(error_of([] { Experiment("transformer", {}); }) ==
        "unknown experiment 'transformer'; the lab has: optimizers, activations, depth, "
        "recurrence, cnn-mlp, attention, embeddings, overfitting, stability, early-stopping");
  CHECK(error_of([] {
          Experiment("overfitting", {{"dropuot", 0.5}});
        }) ==
        "experiment 'overfitting' has no setting 'dropuot'; its settings are: seed, lr, epochs, "
        "dropout, l2");
  CHECK(error_of([] {
          Experiment("overfitting", {{"dropout", 1.0}});
        }) == "setting 'dropout' must be a number in [0.05, 0.9], got 1");
  CHECK(error_of([] {
          Experiment("optimizers", {{"seed", 1.5}});
        }) == "setting 'seed' must be a whole number in [1, 1000], got 1.5");
  CHECK(error_of([] {
          Experiment("optimizers", {{"seed", std::nan("")}});
        }) == "setting 'seed' must be a whole number in [1, 1000], got nan");
  Experiment fresh("optimizers", {});
  CHECK(error_of([&] { fresh.verdict(); }) == "the experiment has not finished yet");
  CHECK(fresh.cli_command() == "glassbox lab optimizers");
  CHECK(Experiment("overfitting", {{"seed", 2}, {"l2", 0.001}}).cli_command() ==
        "glassbox lab overfitting --set seed=2 --set l2=0.001");
}

TEST_CASE("the same settings give the same numbers twice", "[lab]") {
  auto numbers = [] {
    Experiment e("cnn-mlp", {{"epochs", 1}});
    e.run();
    std::vector<double> out;
    for (const ArmResult& a : e.results())
      for (const auto& [key, value] : a.numbers)
        if (key != "time ms") out.push_back(value);
    return out;
  };
  CHECK(numbers() == numbers());
}

namespace {

// Each experiment with its default settings, run once for all the tests below.
const Experiment& ran(const std::string& id) {
  static std::map<std::string, std::unique_ptr<Experiment>> cache;
  auto& slot = cache[id];
  if (!slot) {
    slot = std::make_unique<Experiment>(id, std::map<std::string, double>{});
    slot->run();
  }
  return *slot;
}

double number(const std::string& id, std::size_t arm, const std::string& key) {
  return ran(id).results().at(arm).number(key);
}

}  // namespace

TEST_CASE("each default run gives the verdict and summary the Lab's index quotes", "[lab]") {
  const nlohmann::json file = measured();
  const auto& quoted = file.at("experiments");
  REQUIRE(quoted.size() == catalog().size());
  for (const ExperimentInfo& info : catalog()) {
    INFO(info.id);
    CHECK(ran(info.id).verdict().verdict == quoted.at(info.id).at("verdict").get<std::string>());
    CHECK(ran(info.id).verdict().summary == quoted.at(info.id).at("summary").get<std::string>());
    // The index's thumbnail: the headline number of every arm, and the first matrix.
    const auto& thumbnail = quoted.at(info.id).at("thumbnail");
    const auto& results = ran(info.id).results();
    REQUIRE(thumbnail.at("values").size() == results.size());
    for (std::size_t a = 0; a < results.size(); ++a) {
      CHECK(thumbnail.at("arms").at(a).get<std::string>() == results[a].name);
      CHECK(thumbnail.at("values").at(a).get<double>() ==
            Approx(results[a].number(thumbnail.at("key").get<std::string>())).epsilon(1e-12));
    }
    CHECK(thumbnail.contains("matrix") == !results[0].matrices.empty());
    if (thumbnail.contains("matrix")) {
      const auto values = thumbnail.at("matrix").at("values").get<std::vector<double>>();
      REQUIRE(values.size() == results[0].matrices[0].values.size());
      for (std::size_t i = 0; i < values.size(); ++i)
        CHECK(values[i] == Approx(results[0].matrices[0].values[i]).epsilon(1e-12));
    }
  }
}

TEST_CASE("optimizers: Adam reaches the target in fewer epochs than SGD, but not 4.2× fewer",
          "[lab]") {
  const double sgd = number("optimizers", 0, "epochs to target");
  const double adam = number("optimizers", 3, "epochs to target");
  REQUIRE(sgd > 0);
  REQUIRE(adam > 0);
  CHECK(sgd / adam > 6.3);  // measured 11.3×: above the claim's 4.2× by more than 1.5×
  for (std::size_t arm = 1; arm < 5; ++arm)
    CHECK(number("optimizers", arm, "epochs to target") < sgd);
}

TEST_CASE(
    "optimizers on two moons: every optimizer reaches cross-entropy 0.02, Adam about 4× "
    "faster than SGD",
    "[lab]") {
  const auto& arms = ran("optimizers").results();
  REQUIRE(arms.size() == 10);
  std::vector<double> epochs;
  for (std::size_t a = 5; a < 10; ++a) {
    INFO(arms[a].name);
    CHECK(arms[a].name == "moons: " + arms[a - 5].name);
    epochs.push_back(arms[a].number("epochs to target"));
    // The epoch's mean loss (during the epoch's steps) fell below 0.02, and training stopped there.
    CHECK(arms[a].number("epochs") == epochs.back());
    CHECK(epochs.back() > 0);
    CHECK(arms[a].number("test accuracy %") >= 97.0);
    // It stops at the target, so its time to the target is its whole training time.
    CHECK(arms[a].number("time to target ms") == arms[a].number("time ms"));
    CHECK(arms[a].number("time to target ms") > 0.0);
  }
  // Measured 2026-12-01 (seed 1): SGD 95, momentum 20, RMSprop 26, Adam 22, AdamW 23 epochs.
  CHECK(epochs == std::vector<double>{95, 20, 26, 22, 23});
  // Here the ratio lands inside the claim's band [2.8, 6.3] (4.3×); on parity it is 11.3×.
  CHECK(epochs[0] / epochs[3] > 4.2 / 1.5);
  CHECK(epochs[0] / epochs[3] < 4.2 * 1.5);
}

TEST_CASE("optimizers: each data set's loss goes to its own chart", "[lab]") {
  Experiment e("optimizers", {{"max_epochs", 10}});
  e.run();
  const auto events = nlohmann::json::parse(e.take_events_json());
  std::map<std::string, int> charts_by_set;
  for (const auto& p : events.at("points")) {
    const auto arm = p.at("arm").get<std::size_t>();
    charts_by_set[(arm < 5 ? "parity " : "moons ") + p.at("chart").get<std::string>()]++;
  }
  // max_epochs 10: every arm trains 10 epochs (none reaches its target that soon).
  CHECK(charts_by_set == std::map<std::string, int>{{"parity loss", 50}, {"moons loss_2d", 50}});
  CHECK(e.results().at(0).number("time to target ms") == -1.0);
}

TEST_CASE("optimizers: the learning-rate sweep, and the ratio it changes", "[lab]") {
  const Matrix& sweep = ran("optimizers").results().at(3).matrices.at(0);
  REQUIRE(sweep.rows == std::vector<std::string>{"sgd", "momentum", "rmsprop", "adam", "adamw"});
  REQUIRE(sweep.columns == std::vector<std::string>{"× 0.1", "× 0.3", "× 1", "× 3", "× 10"});
  // The × 1 column is the experiment's own runs, trained again from the same seeds.
  for (std::size_t arm = 0; arm < 5; ++arm)
    CHECK(sweep.values.at(arm * 5 + 2) == number("optimizers", arm, "epochs to target"));
  // SGD and Adam as docs/lab.md's table: SGD never gets there at 0.1× and 0.3×;
  // the ratio falls from 11.3× to 5.5× as both rates grow.
  const auto at = [&](std::size_t row, std::size_t column) {
    return sweep.values.at(row * 5 + column);
  };
  CHECK(std::vector<double>{at(0, 0), at(0, 1), at(0, 2), at(0, 3), at(0, 4)} ==
        std::vector<double>{-1, -1, 4144, 1384, 446});
  CHECK(std::vector<double>{at(3, 0), at(3, 1), at(3, 2), at(3, 3), at(3, 4)} ==
        std::vector<double>{3132, 1088, 366, 159, 81});
  for (std::size_t column = 2; column + 1 < 5; ++column)
    CHECK(at(0, column) / at(3, column) > at(0, column + 1) / at(3, column + 1));
}

TEST_CASE(
    "activations: the 6-layer sigmoid net stays at chance, its first layer's gradient "
    "vanishes; the ReLU family trains",
    "[lab]") {
  CHECK(number("activations", 0, "test accuracy %") < 60.0);
  CHECK(number("activations", 0, "first-layer gradient norm") <
        1e-3 * number("activations", 0, "last-layer gradient norm"));
  for (std::size_t arm = 1; arm < 4; ++arm)
    CHECK(number("activations", arm, "test accuracy %") > 90.0);
}

TEST_CASE("depth: residual blocks rescue the deep sigmoid net; LayerNorm and BatchNorm do better",
          "[lab]") {
  const double plain = number("depth", 0, "test accuracy %");
  const double residual = number("depth", 1, "test accuracy %");
  CHECK(plain < 20.0);
  CHECK(residual > plain + 50.0);
  CHECK(residual < 90.0);  // why the verdict is "holds partly": not the claimed 97%
  CHECK(number("depth", 2, "test accuracy %") > residual);
  CHECK(number("depth", 3, "test accuracy %") > residual);
}

TEST_CASE("CNN vs MLP: parameter counts by hand, and the CNN about as accurate with 5× fewer",
          "[lab]") {
  // MLP: 64·128 + 128 + 128·10 + 10. CNN: conv 8·(1·3·3) + 8, conv 16·(8·3·3) + 16,
  // dense (16·2·2)·10 + 10 (8×8 → pool → 4×4 → pool → 2×2).
  CHECK(number("cnn-mlp", 0, "parameters") == 64 * 128 + 128 + 128 * 10 + 10);
  CHECK(number("cnn-mlp", 1, "parameters") == 8 * 9 + 8 + 16 * 8 * 9 + 16 + 64 * 10 + 10);
  const double gap =
      number("cnn-mlp", 1, "test accuracy %") - number("cnn-mlp", 0, "test accuracy %");
  CHECK(gap > -2.0);
  CHECK(gap < 2.0);  // not the claimed 7 points
}

TEST_CASE(
    "overfitting: 100 digits memorised; dropout closes part of the gap, L2 (λ = 0.01 "
    "under Adam) barely",
    "[lab]") {
  CHECK(number("overfitting", 0, "train accuracy %") == 100.0);
  const double none = number("overfitting", 0, "test accuracy %");
  CHECK(none > 65.0);  // far less overfit than the claimed 65%
  CHECK(number("overfitting", 1, "test accuracy %") > none + 1.0);
  CHECK(std::abs(number("overfitting", 2, "test accuracy %") - none) < 2.0);
}

TEST_CASE(
    "stability: at η = 0.5 the cold start diverges, 200 warmup steps only delay it, "
    "clipping at 1 keeps training",
    "[lab]") {
  const auto& arms = ran("stability").results();
  CHECK(arms.at(0).diverged);
  CHECK(arms.at(1).diverged);
  CHECK(arms.at(1).divergence.rfind("training diverged at step ", 0) == 0);
  CHECK_FALSE(arms.at(2).diverged);
  CHECK(number("stability", 2, "epochs") == 10);
}

TEST_CASE("early stopping: stops `patience` epochs after the best one, no less accurate", "[lab]") {
  const double epochs = number("early-stopping", 1, "epochs");
  CHECK(epochs < 60);
  CHECK(epochs == number("early-stopping", 1, "best epoch") + 5);
  CHECK(number("early-stopping", 1, "test accuracy %") >=
        number("early-stopping", 0, "test accuracy %") - 1.0);
}

TEST_CASE("recurrence, attention and embeddings verdict rules", "[lab]") {
  const std::map<std::string, double> none;
  auto cell = [](const char* name, double mse, double correct) {
    return arm(name, {{"test MSE", mse},
                      {"baseline MSE", 1.0 / 24},
                      {"correct (|error| < 0.04) %", correct},
                      {"gradient ratio h1/hT at start", 1e-12}});
  };
  auto rec = [&](double rnn, double lstm, double lstm_correct) {
    return judge("recurrence",
                 {cell("RNN", rnn, 10), cell("LSTM", lstm, lstm_correct), cell("GRU", 0.001, 96)},
                 none);
  };
  // Solved: MSE ≤ 0.1 × 1/24 = 0.00417.
  CHECK(rec(0.04, 0.004, 94).verdict == "holds");
  CHECK(rec(0.04, 0.0042, 94).verdict == "holds partly");  // LSTM just above a tenth
  CHECK(rec(0.04, 0.004, 89).verdict == "holds partly");   // solved, but 89% correct
  CHECK(rec(0.004, 0.001, 94).verdict == "holds partly");  // the RNN solves it too
  CHECK(rec(0.0005, 0.001, 94).verdict == "does not hold here");
  CHECK(rec(0.04, 0.004, 94).summary ==
        "RNN MSE 0.0400, 10.0% correct (gradient ratio h1/hT 1.0e-12 at start); LSTM MSE "
        "0.0040, 94.0% correct; GRU MSE 0.0010, 96.0% correct (baseline MSE 0.0417; claim: RNN "
        "fails, LSTM 47/50 = 94%, GRU 48/50 = 96%).");

  auto att = [&](double x, double other, double right) {
    return judge("attention",
                 {arm("1 attention layer", {{"test accuracy %", 100},
                                            {"alignment", 0.9},
                                            {"example output right", right},
                                            {"weight on x predicting a", x},
                                            {"largest other weight predicting a", other}})},
                 none);
  };
  CHECK(att(0.95, 0.02, 1).verdict == "holds");
  CHECK(att(0.95, 0.02, 0).verdict == "holds partly");
  CHECK(att(0.6, 0.3, 1).verdict == "holds partly");
  CHECK(att(0.3, 0.6, 1).verdict == "does not hold here");
  CHECK(att(0.95, 0.02, 1).summary ==
        "predicting 'a', weight 0.950 on 'x' (claim 0.95), at most 0.020 on any other token; "
        "output \"a = b + c\" (right); held-out accuracy 100.0%, alignment 0.900.");

  auto emb = [&](double renamed, double unrelated) {
    return judge("embeddings",
                 {arm("renaming model", {{"renamed pairs cos", renamed},
                                         {"unrelated pairs cos", unrelated},
                                         {"operators cos", 0},
                                         {"renamed pairs cos at start", 0}})},
                 none)
        .verdict;
  };
  CHECK(emb(0.89, 0.1) == "holds");
  CHECK(emb(0.5, 0.3) == "holds partly");
  CHECK(emb(0.5, 0.31) == "does not hold here");
}

TEST_CASE(
    "recurrence at T = 50: the RNN stays at the baseline, its gradient to h1 vanishes; LSTM and "
    "GRU solve it with about 93% and 99% correct",
    "[lab]") {
  const double baseline = number("recurrence", 0, "baseline MSE");
  CHECK(baseline == Approx(1.0 / 24));  // var(0.5 + (x1 + x2)/4), x ~ U(−1, 1)
  CHECK(number("recurrence", 0, "test MSE") > 0.9 * baseline);
  CHECK(number("recurrence", 0, "correct (|error| < 0.04) %") < 20.0);
  CHECK(number("recurrence", 0, "gradient ratio h1/hT at start") < 1e-10);
  for (std::size_t cell = 1; cell < 3; ++cell) {
    INFO(cell);
    CHECK(number("recurrence", cell, "test MSE") < 0.1 * baseline);
    CHECK(number("recurrence", cell, "correct (|error| < 0.04) %") > 90.0);
    // The gated cells carry the gradient back: 4 to 13 orders of magnitude more than the RNN.
    CHECK(number("recurrence", cell, "gradient ratio h1/hT at start") >
          1e3 * number("recurrence", 0, "gradient ratio h1/hT at start"));
  }
}

TEST_CASE("attention: the renaming model reads 'x' when it writes 'a' in seed 003's statement",
          "[lab]") {
  CHECK(number("attention", 0, "test accuracy %") == 100.0);
  CHECK(number("attention", 0, "example output right") == 1.0);
  CHECK(number("attention", 0, "weight on x predicting a") > 0.99);  // claim: 0.95
  const Matrix& map = ran("attention").results().at(0).matrices.at(0);
  REQUIRE(map.rows.size() == 5);
  REQUIRE(map.columns ==
          std::vector<std::string>{"x", "=", "y", "+", "z", ":", "a", "=", "b", "+"});
  // Each row is a softmax over the 10 positions (0 beyond the causal mask), and
  // predicting target token k reads source token k.
  for (std::size_t k = 0; k < 5; ++k) {
    double sum = 0.0;
    for (std::size_t j = 0; j < 10; ++j) sum += map.values.at(k * 10 + j);
    CHECK(sum == Approx(1.0).epsilon(1e-5));
    for (std::size_t j = 6 + k; j < 10; ++j) CHECK(map.values.at(k * 10 + j) == 0.0);
    CHECK(map.values.at(k * 10 + k) > 0.99);
  }
}

TEST_CASE(
    "embeddings: the renaming model does not make x and a alike; the cosines match a naive "
    "computation on the initial table",
    "[lab]") {
  const double renamed = number("embeddings", 0, "renamed pairs cos");
  CHECK(renamed < 0.2);  // why the verdict is "does not hold here": the claim is 0.89–0.92
  CHECK(std::abs(renamed - number("embeddings", 0, "unrelated pairs cos")) < 0.1);
  // The initial table, from the same seed, by hand: mean cos(x_i, a_i) over the 4 pairs.
  Model model(token_architecture(find_token_task("rename"), token_task_defaults("rename").model),
              1);
  const NamedTensor w = model.tensor(0, "weight");
  const std::size_t D = w.shape.at(1);
  const auto table = model.parameters().subspan(w.offset, w.shape.at(0) * D);
  double mean = 0.0;
  for (std::size_t i = 0; i < 4; ++i) {
    double uv = 0.0, uu = 0.0, vv = 0.0;
    for (std::size_t k = 0; k < D; ++k) {
      uv += double(table[i * D + k]) * table[(4 + i) * D + k];
      uu += double(table[i * D + k]) * table[i * D + k];
      vv += double(table[(4 + i) * D + k]) * table[(4 + i) * D + k];
    }
    mean += uv / std::sqrt(uu * vv) / 4.0;
  }
  CHECK(number("embeddings", 0, "renamed pairs cos at start") == Approx(mean).margin(1e-12));
  const Matrix& after = ran("embeddings").results().at(0).matrices.at(0);
  REQUIRE(after.rows.size() == 11);
  for (std::size_t i = 0; i < 11; ++i) CHECK(after.values.at(i * 11 + i) == Approx(1.0));
}
