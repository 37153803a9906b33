#include "glassbox/layers/recurrent.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/export.hpp"

namespace glassbox {
namespace {

const char* cell_name(CellKind kind) {
  switch (kind) {
    case CellKind::lstm:
      return "lstm";
    case CellKind::gru:
      return "gru";
    default:
      return "rnn";
  }
}

// (T, I), or (T) read as (T, 1).
std::size_t sequence_inputs(CellKind kind, const Shape& input) {
  require(input.size() == 1 || input.size() == 2,
          std::string(cell_name(kind)) +
              " needs a sequence: an input of shape [T, features] or [T], got " +
              shape_to_string(input));
  return input.size() == 1 ? 1 : input[1];
}

Shape recurrent_output(CellKind kind, const Shape& input, std::size_t units, bool sequences) {
  sequence_inputs(kind, input);
  return sequences ? Shape{input[0], units} : Shape{units};
}

template <CellKind kind>
std::unique_ptr<Layer> create_cell(const LayerSpec& s, const Shape& input) {
  return std::make_unique<Recurrent>(kind, input, s.count("units"), s.flag("return_sequences"),
                                     s.count("truncate"));
}

}  // namespace

LayerType Recurrent::type_info(CellKind kind) {
  LayerType type{
      cell_name(kind),
      kind == CellKind::rnn    ? "h_t = tanh(W_ih x_t + W_hh h_(t-1) + b) over a sequence"
      : kind == CellKind::lstm ? "long short-term memory: input, forget and output gates and a cell"
                               : "gated recurrent unit: reset and update gates",
      {{.name = "units",
        .kind = FieldKind::count,
        .help = "a positive whole number: the size of the hidden state h",
        .required = true,
        .min = 1,
        .max = 4096},
       {.name = "return_sequences",
        .kind = FieldKind::flag,
        .help = "true: output h_t of every step (T, units); false: only the last (units)",
        .fallback = 1.0},
       {.name = "truncate",
        .kind = FieldKind::count,
        .help = "truncated backpropagation through time: carry the gradient back in chunks of "
                "this many steps; 0 (the default): through the whole sequence",
        .fallback = 0.0,
        .min = 0,
        .max = 100000}},
      nullptr};
  switch (kind) {
    case CellKind::lstm:
      type.create = create_cell<CellKind::lstm>;
      break;
    case CellKind::gru:
      type.create = create_cell<CellKind::gru>;
      break;
    default:
      type.create = create_cell<CellKind::rnn>;
  }
  return type;
}

Recurrent::Recurrent(CellKind kind, const Shape& input, std::size_t units, bool return_sequences,
                     std::size_t truncate)
    : Layer(input, recurrent_output(kind, input, units, return_sequences)),
      kind_(kind),
      steps_(input[0]),
      inputs_(sequence_inputs(kind, input)),
      hidden_(units),
      return_sequences_(return_sequences),
      truncate_(truncate) {
  require(units >= 1, std::string(cell_name(kind)) + " needs at least 1 unit");
  const std::size_t g = checked_multiply(gate_count(kind), units, "recurrent gates");
  checked_multiply(g, inputs_ + hidden_, "recurrent weights");
}

std::string_view Recurrent::type() const {
  return cell_name(kind_);
}

LayerSpec Recurrent::spec() const {
  LayerSpec spec{cell_name(kind_),
                 {{"units", static_cast<double>(hidden_)},
                  {"return_sequences", return_sequences_ ? 1.0 : 0.0}}};
  // Written only when set (the JSON reader fills in the default 0 by itself).
  if (truncate_ > 0) spec.fields.emplace("truncate", static_cast<double>(truncate_));
  return spec;
}

std::vector<ParameterInfo> Recurrent::parameters() const {
  const std::size_t g = gate_count(kind_) * hidden_;
  return {{"weight_ih", {g, inputs_}, true},
          {"weight_hh", {g, hidden_}, true},
          {"bias_ih", {g}, false},
          {"bias_hh", {g}, false}};
}

void Recurrent::bind(std::span<float> params, std::span<float> grads) {
  const std::size_t g = gate_count(kind_) * hidden_;
  const std::size_t sizes[] = {g * inputs_, g * hidden_, g, g};
  std::span<float>* views[] = {&weight_ih_, &weight_hh_, &bias_ih_, &bias_hh_};
  std::span<float>* grad_views[] = {&grads_.weight_ih, &grads_.weight_hh, &grads_.bias_ih,
                                    &grads_.bias_hh};
  std::size_t offset = 0;
  for (std::size_t k = 0; k < 4; ++k) {
    *views[k] = params.subspan(offset, sizes[k]);
    *grad_views[k] = grads.subspan(offset, sizes[k]);
    offset += sizes[k];
  }
}

void Recurrent::initialize(Rng& rng) {
  const float bound = 1.0f / std::sqrt(static_cast<float>(hidden_));
  for (auto* tensor : {&weight_ih_, &weight_hh_, &bias_ih_, &bias_hh_})
    for (float& v : *tensor) v = rng.uniform(-bound, bound);
  if (kind_ == CellKind::lstm) {
    // Forget gate f = σ(a_f) starts near σ(1) ≈ 0.73 rather than 0.5, so the
    // cell keeps most of its memory from step to step by default and
    // gradients through c_t do not vanish early in training (Gers, Schmidhuber
    // & Cummins 2000; Jozefowicz, Zaremba & Sutskever 2015).
    std::fill_n(bias_ih_.begin() + static_cast<std::ptrdiff_t>(hidden_), hidden_, 1.0f);
    std::fill_n(bias_hh_.begin() + static_cast<std::ptrdiff_t>(hidden_), hidden_, 0.0f);
  }
}

std::size_t Recurrent::cache_size(std::size_t batch) const {
  const std::size_t rows = checked_multiply(batch, steps_, "recurrent cache");
  const std::size_t h = checked_multiply(rows, hidden_, "recurrent cache");
  const std::size_t gates = kind_ == CellKind::rnn ? 0 : h * gate_count(kind_);
  const std::size_t extra = kind_ == CellKind::rnn ? 0 : h;
  return h + gates + extra + rows;
}

std::size_t Recurrent::workspace_size(std::size_t batch) const {
  const std::size_t kernel = recurrent_workspace_size(kind_, size(batch));
  const std::size_t upstream =
      return_sequences_ ? 0 : checked_multiply(batch * steps_, hidden_, "recurrent workspace");
  return kernel + upstream;
}

Recurrent::CacheViews Recurrent::views(std::size_t batch) const {
  const std::size_t rows = batch * steps_, h = rows * hidden_;
  const std::size_t gates = kind_ == CellKind::rnn ? 0 : h * gate_count(kind_);
  const std::size_t extra = kind_ == CellKind::rnn ? 0 : h;
  return {cache_.subspan(0, h), cache_.subspan(h, gates), cache_.subspan(h + gates, extra),
          cache_.subspan(h + gates + extra, rows)};
}

CellWeights Recurrent::weights() const {
  return {weight_ih_, weight_hh_, bias_ih_, bias_hh_};
}

void Recurrent::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const CacheViews c = views(batch);
  const RecurrentSize s = size(batch);
  switch (kind_) {
    case CellKind::lstm:
      lstm_forward(x, weights(), c.gates, c.extra, c.hidden, s);
      break;
    case CellKind::gru:
      gru_forward(x, weights(), c.gates, c.extra, c.hidden, workspace_, s);
      break;
    default:
      rnn_forward(x, weights(), c.hidden, s);
  }
  std::fill(c.grad_norm.begin(), c.grad_norm.end(), 0.0f);
  if (return_sequences_) {
    std::copy_n(c.hidden.begin(), batch * steps_ * hidden_, y.begin());
  } else {
    for (std::size_t n = 0; n < batch; ++n)
      std::copy_n(
          c.hidden.begin() + static_cast<std::ptrdiff_t>((n * steps_ + steps_ - 1) * hidden_),
          hidden_, y.begin() + static_cast<std::ptrdiff_t>(n * hidden_));
  }
}

void Recurrent::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const CacheViews c = views(batch);
  const RecurrentSize s = size(batch);
  const std::size_t kernel = recurrent_workspace_size(kind_, s);
  std::span<const float> dh = dy;
  if (!return_sequences_) {
    // Only h_T reached the layers above: ∂L/∂h_t = 0 from above for t < T.
    const std::span<float> full = workspace_.subspan(kernel, batch * steps_ * hidden_);
    std::fill(full.begin(), full.end(), 0.0f);
    for (std::size_t n = 0; n < batch; ++n)
      std::copy_n(dy.begin() + static_cast<std::ptrdiff_t>(n * hidden_), hidden_,
                  full.begin() + static_cast<std::ptrdiff_t>((n * steps_ + steps_ - 1) * hidden_));
    dh = full;
  }
  const std::span<float> scratch = workspace_.subspan(0, kernel);
  switch (kind_) {
    case CellKind::lstm:
      lstm_backward(x, weights(), c.gates, c.extra, c.hidden, dh, grads_, dx, c.grad_norm, scratch,
                    s);
      break;
    case CellKind::gru:
      gru_backward(x, weights(), c.gates, c.extra, c.hidden, dh, grads_, dx, c.grad_norm, scratch,
                   s);
      break;
    default:
      rnn_backward(x, weights(), c.hidden, dh, grads_, dx, c.grad_norm, scratch, s);
  }
}

std::vector<Internal> Recurrent::internals(std::span<const float> x, std::span<const float> /*y*/,
                                           std::size_t batch) const {
  const CacheViews c = views(batch);
  std::vector<Internal> out{{"hidden", {steps_, hidden_}, c.hidden}};
  if (kind_ != CellKind::rnn)
    out.push_back({"gates", {steps_, gate_count(kind_), hidden_}, c.gates});
  if (kind_ == CellKind::lstm) out.push_back({"cell", {steps_, hidden_}, c.extra});
  pre_activation_.resize(batch * steps_ * gate_count(kind_) * hidden_);
  recurrent_preactivations(kind_, x, weights(), c.gates, c.hidden, pre_activation_, size(batch));
  out.push_back({"pre_activation", {steps_, gate_count(kind_), hidden_}, pre_activation_});
  out.push_back({"grad_norm", {steps_}, c.grad_norm});
  return out;
}

}  // namespace glassbox

namespace glassbox {
namespace {

// nn.RNN / nn.LSTM / nn.GRU themselves, renamed: their parameters are
// registered under Glassbox's names (PyTorch's minus "_l0") and the module's
// list of flat weight names follows, so PyTorch's own kernel runs on them.
constexpr const char* recurrent_classes = R"PY(class Recurrent:
    """Mixin for nn.RNN / nn.LSTM / nn.GRU: one layer, batch_first, h_0 = c_0 = 0.
    Parameters keep PyTorch's layout (gate blocks: LSTM i, f, g, o; GRU r, z, n)
    under Glassbox's names: weight_ih, weight_hh, bias_ih, bias_hh (no "_l0").
    x: (N, T, I), or (N, T) read as (N, T, 1) -> y: h_t of every step (N, T, H),
    or only the last one, h_T (N, H), when return_sequences is False."""

    def glassbox_setup(self, scalar_steps, return_sequences):
        self.scalar_steps, self.return_sequences = scalar_steps, return_sequences
        names = [name[: -len("_l0")] for name in self._flat_weights_names]
        for name in names:
            self.register_parameter(name, self._parameters.pop(name + "_l0"))
        self._flat_weights_names = names
        self._all_weights = [names]
        self._flat_weights = [getattr(self, name) for name in names]

    def forward(self, x):
        if self.scalar_steps:
            x = x.unsqueeze(-1)
        h = super().forward(x)[0]  # (N, T, H); nn.RNN* returns (output, h_n)
        return h if self.return_sequences else h[:, -1]


class GlassboxRNN(Recurrent, nn.RNN):
    """h_t = tanh(x_t W_ih^T + b_ih + h_(t-1) W_hh^T + b_hh)."""

    def __init__(self, inputs, units, scalar_steps, return_sequences):
        super().__init__(inputs, units, batch_first=True)
        self.glassbox_setup(scalar_steps, return_sequences)


class GlassboxLSTM(Recurrent, nn.LSTM):
    def __init__(self, inputs, units, scalar_steps, return_sequences):
        super().__init__(inputs, units, batch_first=True)
        self.glassbox_setup(scalar_steps, return_sequences)


class GlassboxGRU(Recurrent, nn.GRU):
    def __init__(self, inputs, units, scalar_steps, return_sequences):
        super().__init__(inputs, units, batch_first=True)
        self.glassbox_setup(scalar_steps, return_sequences)
)PY";

const char* python_bool(bool value) {
  return value ? "True" : "False";
}

}  // namespace

TorchModule Recurrent::to_torch() const {
  const char* cls = kind_ == CellKind::lstm  ? "GlassboxLSTM"
                    : kind_ == CellKind::gru ? "GlassboxGRU"
                                             : "GlassboxRNN";
  const bool scalar_steps = input_shape().size() == 1;
  return {std::string(cls) + "(" + std::to_string(inputs_) + ", " + std::to_string(hidden_) +
              ", scalar_steps=" + python_bool(scalar_steps) +
              ", return_sequences=" + python_bool(return_sequences_) + ")",
          {},
          {recurrent_classes}};
}

}  // namespace glassbox

namespace glassbox {
namespace {

// Every layout difference between our (= PyTorch's) recurrent weights and
// ONNX's RNN / LSTM / GRU operators, in one place:
// - gate blocks: ours are LSTM i, f, g, o and GRU r, z, n; ONNX stacks LSTM
//   i, o, f, c (c = our g) and GRU z, r, h (h = our n). ONNX block k is our
//   block onnx_gate_order[k];
// - W = weight_ih (G, I) and R = weight_hh (G, H) gain a leading
//   num_directions axis: (1, G, I), (1, G, H);
// - B is one tensor (1, 2G): [bias_ih | bias_hh], each in ONNX's gate order;
// - the sequence axis comes first: X (T, N, I), Y (T, 1, N, H).
std::vector<std::size_t> onnx_gate_order(CellKind kind) {
  switch (kind) {
    case CellKind::lstm:
      return {0, 3, 1, 2};  // i, o, f, c ← i, f, g, o
    case CellKind::gru:
      return {1, 0, 2};  // z, r, h ← r, z, n
    default:
      return {0};
  }
}

// `rows` (G, cols) with its gate blocks of `hidden` rows put in ONNX's order.
std::vector<float> onnx_gate_blocks(CellKind kind, std::span<const float> rows, std::size_t hidden,
                                    std::size_t cols) {
  std::vector<float> out;
  out.reserve(rows.size());
  for (std::size_t block : onnx_gate_order(kind)) {
    const auto first = rows.begin() + static_cast<std::ptrdiff_t>(block * hidden * cols);
    out.insert(out.end(), first, first + static_cast<std::ptrdiff_t>(hidden * cols));
  }
  return out;
}

}  // namespace

// x (N, T, I) — or (N, T), unsqueezed to (N, T, 1) — → Transpose → (T, N, I)
// → RNN / LSTM / GRU (layout 0, forward, h_0 = c_0 = 0) → Y (T, 1, N, H)
// → every step: Squeeze axis 1, Transpose → (N, T, H);
//   the last step: Slice t = T−1, Squeeze axes 0 and 1 → (N, H).
// The ONNX GRU with linear_before_reset = 1 computes n = tanh(W_in x + b_in +
// r ⊙ (W_hn h + b_hn)), PyTorch's (and our) placement of r; its default
// activations are those of our cells (LSTM σ, tanh, tanh; GRU σ, tanh; RNN tanh).
std::string Recurrent::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto d = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  const std::size_t G = gate_count(kind_) * hidden_;
  std::string x = input;
  if (input_shape().size() == 1)
    x = graph.add("Unsqueeze", {x, graph.integers("feature_axis", {2})}, "steps");
  x = graph.add("Transpose", {x}, "time_major", {onnx_ints("perm", {1, 0, 2})});

  const std::string w = graph.initializer("weight_ih", {1, d(G), d(inputs_)},
                                          onnx_gate_blocks(kind_, weight_ih_, hidden_, inputs_));
  const std::string r = graph.initializer("weight_hh", {1, d(G), d(hidden_)},
                                          onnx_gate_blocks(kind_, weight_hh_, hidden_, hidden_));
  std::vector<float> biases = onnx_gate_blocks(kind_, bias_ih_, hidden_, 1);
  const std::vector<float> recurrent_biases = onnx_gate_blocks(kind_, bias_hh_, hidden_, 1);
  biases.insert(biases.end(), recurrent_biases.begin(), recurrent_biases.end());
  const std::string b = graph.initializer("bias_ih_hh", {1, d(2 * G)}, biases);

  std::vector<OnnxAttribute> attributes{onnx_int("hidden_size", d(hidden_)), onnx_int("layout", 0)};
  if (kind_ == CellKind::gru) attributes.push_back(onnx_int("linear_before_reset", 1));
  const char* op = kind_ == CellKind::lstm ? "LSTM" : kind_ == CellKind::gru ? "GRU" : "RNN";
  const std::string y = graph.add(op, {x, w, r, b}, "hidden", std::move(attributes));

  if (return_sequences_) {
    const std::string steps =
        graph.add("Squeeze", {y, graph.integers("direction_axis", {1})}, "hidden_time_major");
    return graph.add("Transpose", {steps}, "output", {onnx_ints("perm", {1, 0, 2})});
  }
  const std::string last =
      graph.add("Slice",
                {y, graph.integers("last_start", {-1}), graph.integers("last_end", {d(steps_)}),
                 graph.integers("last_axis", {0})},
                "last_step");
  return graph.add("Squeeze", {last, graph.integers("step_direction_axes", {0, 1})}, "output");
}

}  // namespace glassbox
