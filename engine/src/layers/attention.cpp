#include "glassbox/layers/attention.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/matmul.hpp"
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/init.hpp"

namespace glassbox {
namespace {

std::size_t resolved_head_size(const Shape& input, std::size_t heads, std::size_t head_size) {
  require(input.size() == 2,
          "attention needs a sequence of shape [T, D], got " + shape_to_string(input));
  require(heads >= 1, "attention needs at least 1 head");
  if (head_size > 0) return head_size;
  require(input[1] % heads == 0, "attention: " + std::to_string(input[1]) +
                                     " features do not split into " + std::to_string(heads) +
                                     " heads; give \"head_size\" or a head count that divides " +
                                     std::to_string(input[1]));
  return input[1] / heads;
}

}  // namespace

LayerType Attention::type_info() {
  return {"attention",
          "multi-head self-attention: softmax(Q·Kᵀ/√d)·V per head, then an output projection",
          {{.name = "heads",
            .kind = FieldKind::count,
            .help = "how many attention heads run side by side",
            .fallback = 1.0,
            .min = 1,
            .max = 64},
           {.name = "head_size",
            .kind = FieldKind::count,
            .help = "the width d of each head's query, key and value; 0 means D / heads",
            .fallback = 0.0,
            .min = 0,
            .max = 4096},
           {.name = "causal",
            .kind = FieldKind::flag,
            .help = "true: position t attends to positions 0..t only (a decoder)",
            .fallback = 0.0}},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Attention>(input, s.count("heads"), s.count("head_size"),
                                               s.flag("causal"));
          }};
}

Attention::Attention(const Shape& input, std::size_t heads, std::size_t head_size, bool causal)
    : Layer(input, input),
      tokens_(input.size() == 2 ? input[0] : 0),
      features_(input.size() == 2 ? input[1] : 0),
      heads_(heads),
      head_size_(resolved_head_size(input, heads, head_size)),
      embed_(checked_multiply(heads, head_size_, "attention width")),
      causal_(causal) {
  checked_multiply(features_, checked_multiply(3, embed_, "attention"), "attention in_proj_weight");
  // Per sample: Q, K, V and C (4 · T · E) plus the maps (H · T · T), checked so
  // that a hostile shape cannot wrap the arena size (size_t is 32 bits in wasm).
  const std::size_t rows =
      checked_multiply(4, checked_multiply(tokens_, embed_, "attention"), "attention cache");
  const std::size_t maps =
      checked_multiply(tokens_, checked_multiply(tokens_, heads_, "attention"), "attention map");
  per_sample_ = rows + maps;
  checked_multiply(per_sample_, 1, "attention cache");
}

LayerSpec Attention::spec() const {
  return {"attention",
          {{"heads", static_cast<double>(heads_)},
           {"head_size", static_cast<double>(head_size_)},
           {"causal", causal_ ? 1.0 : 0.0}}};
}

std::vector<ParameterInfo> Attention::parameters() const {
  return {{"in_proj_weight", {features_, 3 * embed_}, true},
          {"in_proj_bias", {3 * embed_}, false},
          {"out_proj.weight", {embed_, features_}, true},
          {"out_proj.bias", {features_}, false}};
}

void Attention::bind(std::span<float> params, std::span<float> grads) {
  std::size_t at = 0;
  const auto take = [&](std::size_t n, std::span<float>& p, std::span<float>& g) {
    p = params.subspan(at, n);
    g = grads.subspan(at, n);
    at += n;
  };
  take(features_ * 3 * embed_, in_weight_, in_weight_grad_);
  take(3 * embed_, in_bias_, in_bias_grad_);
  take(embed_ * features_, out_weight_, out_weight_grad_);
  take(features_, out_bias_, out_bias_grad_);
}

// Each of W_Q, W_K, W_V (D, E) and W_out (E, D) Xavier-uniform on its own
// fans; biases zero (PyTorch draws the whole (3E, D) block at once).
void Attention::initialize(Rng& rng) {
  std::vector<float> block(features_ * embed_);
  for (std::size_t p = 0; p < 3; ++p) {
    initialize_weights(Init::xavier_uniform, block, features_, embed_, rng);
    for (std::size_t r = 0; r < features_; ++r)
      std::copy_n(block.begin() + static_cast<std::ptrdiff_t>(r * embed_), embed_,
                  in_weight_.begin() + static_cast<std::ptrdiff_t>(r * 3 * embed_ + p * embed_));
  }
  initialize_weights(Init::xavier_uniform, out_weight_, embed_, features_, rng);
  std::fill(in_bias_.begin(), in_bias_.end(), 0.0f);
  std::fill(out_bias_.begin(), out_bias_.end(), 0.0f);
}

std::size_t Attention::cache_size(std::size_t batch) const {
  return checked_multiply(batch, per_sample_, "the attention cache batch");
}

// dC, dQ, dK, dV and the kernel's scratch: as large as the cache.
std::size_t Attention::workspace_size(std::size_t batch) const {
  return checked_multiply(batch, per_sample_, "the attention workspace batch");
}

void Attention::bind_buffers(std::span<float> cache, std::span<float> workspace,
                             std::size_t batch) {
  const std::size_t rows = batch * tokens_ * embed_, maps = batch * heads_ * tokens_ * tokens_;
  q_ = cache.subspan(0, rows), k_ = cache.subspan(rows, rows), v_ = cache.subspan(2 * rows, rows);
  probs_ = cache.subspan(3 * rows, maps), context_ = cache.subspan(3 * rows + maps, rows);
  dcontext_ = workspace.subspan(0, rows), dq_ = workspace.subspan(rows, rows);
  dk_ = workspace.subspan(2 * rows, rows), dv_ = workspace.subspan(3 * rows, rows);
  scratch_ = workspace.subspan(4 * rows, maps);
}

void Attention::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t rows = batch * tokens_, E = embed_, D = features_;
  // Q, K, V = x · W_in[:, block] + b_in[block]: the block is a column slice.
  std::span<float> blocks[3] = {q_, k_, v_};
  for (std::size_t p = 0; p < 3; ++p) {
    for (std::size_t r = 0; r < rows; ++r)
      std::copy_n(in_bias_.begin() + static_cast<std::ptrdiff_t>(p * E), E,
                  blocks[p].begin() + static_cast<std::ptrdiff_t>(r * E));
    gemm_nn_strided(x, in_weight_.subspan(p * E), blocks[p],
                    {.m = rows, .k = D, .n = E, .lda = D, .ldb = 3 * E, .ldc = E}, true);
  }
  attention_forward(q_, k_, v_, probs_, context_, size(batch));
  // y = C · W_out + b_out
  for (std::size_t r = 0; r < rows; ++r) std::copy_n(out_bias_.begin(), D, y.begin() + r * D);
  gemm_nn(context_, out_weight_, y, {rows, E, D}, true);
}

void Attention::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const std::size_t rows = batch * tokens_, E = embed_, D = features_;
  gemm_tn(context_, dy, out_weight_grad_, {E, rows, D}, true);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t d = 0; d < D; ++d) out_bias_grad_[d] += dy[r * D + d];
  gemm_nt(dy, out_weight_, dcontext_, {rows, D, E}, false);
  attention_backward(q_, k_, v_, probs_, dcontext_, scratch_, dq_, dk_, dv_, size(batch));
  const std::span<const float> grads[3] = {dq_, dk_, dv_};
  for (std::size_t p = 0; p < 3; ++p) {
    // dW_in[:, block] += xᵀ · dBlock;  db_in[block] += Σ_r dBlock
    gemm_tn_strided(x, grads[p], in_weight_grad_.subspan(p * E),
                    {.m = D, .k = rows, .n = E, .lda = D, .ldb = E, .ldc = 3 * E}, true);
    for (std::size_t r = 0; r < rows; ++r)
      for (std::size_t e = 0; e < E; ++e) in_bias_grad_[p * E + e] += grads[p][r * E + e];
    // dx = Σ_block dBlock · W_in[:, block]ᵀ
    if (!dx.empty())
      gemm_nt_strided(grads[p], in_weight_.subspan(p * E), dx,
                      {.m = rows, .k = E, .n = D, .lda = E, .ldb = 3 * E, .ldc = D}, p > 0);
  }
}

std::vector<Internal> Attention::internals(std::span<const float> /*x*/,
                                           std::span<const float> /*y*/, std::size_t batch) const {
  const std::size_t rows = batch * tokens_ * embed_;
  const Shape per_token{tokens_, embed_};
  return {{"probabilities",
           {heads_, tokens_, tokens_},
           std::span<const float>(probs_).first(batch * heads_ * tokens_ * tokens_)},
          {"query", per_token, std::span<const float>(q_).first(rows)},
          {"key", per_token, std::span<const float>(k_).first(rows)},
          {"value", per_token, std::span<const float>(v_).first(rows)},
          {"context", per_token, std::span<const float>(context_).first(rows)}};
}

}  // namespace glassbox

namespace glassbox {
namespace {

// The forward pass above, one PyTorch operation per step. The scale is the
// engine's float32 1/√d; masked scores are −∞, so their probabilities are 0.
constexpr const char* attention_class = R"PY(class SelfAttention(nn.Module):
    """Glassbox's multi-head self-attention on x (N, T, D), E = heads * head_size:
    Q, K, V = x in_proj_weight^T + in_proj_bias, split into three (N, T, E) blocks;
    head h reads columns h*d .. (h+1)*d - 1 of each (d = head_size);
    S_h = Q_h K_h^T / sqrt(d) (N, heads, T, T); causal: S[i, j] = -inf for j > i;
    P_h = softmax(S_h) over the last axis; C = P_h V_h, heads side by side (N, T, E);
    y = out_proj(C) (N, T, D). in_proj_weight (3E, D) and out_proj.weight (D, E)
    have PyTorch's layout (and nn.MultiheadAttention's names); Glassbox stores
    both transposed."""

    def __init__(self, features, heads, head_size, causal):
        super().__init__()
        self.heads, self.head_size, self.causal = heads, head_size, causal
        self.scale = (1.0 / torch.tensor(float(head_size)).sqrt()).item()  # float32, as the engine
        embed = heads * head_size
        self.in_proj_weight = nn.Parameter(torch.zeros(3 * embed, features))
        self.in_proj_bias = nn.Parameter(torch.zeros(3 * embed))
        self.out_proj = nn.Linear(embed, features)

    def forward(self, x):
        n, t, _ = x.shape
        q, k, v = nn.functional.linear(x, self.in_proj_weight, self.in_proj_bias).chunk(3, dim=-1)
        q, k, v = (z.reshape(n, t, self.heads, self.head_size).transpose(1, 2) for z in (q, k, v))
        scores = (q @ k.transpose(-2, -1)) * self.scale
        if self.causal:
            future = torch.ones(t, t, dtype=torch.bool, device=x.device).triu(1)
            scores = scores.masked_fill(future, float("-inf"))
        context = scores.softmax(dim=-1) @ v  # (N, heads, T, d)
        return self.out_proj(context.transpose(1, 2).reshape(n, t, self.heads * self.head_size)))PY";

}  // namespace

TorchModule Attention::to_torch() const {
  return {"SelfAttention(" + std::to_string(features_) + ", " + std::to_string(heads_) + ", " +
              std::to_string(head_size_) + ", causal=" + (causal_ ? "True" : "False") + ")",
          {"in_proj_weight", "out_proj.weight"},
          {attention_class}};
}

// The forward pass above as ONNX ops, on x (N, T, D), E = H · d:
//   QKV = x · W_in + b_in (N, T, 3E); Q, K, V = Slice of columns [0, E),
//   [E, 2E), [2E, 3E); each Reshape (N, T, H, d), then Transpose: Q and V to
//   (N, H, T, d), K to (N, H, d, T);
//   S = (Q · K) · scale (N, H, T, T), the engine's float32 scale 1/√d;
//   causal: S + M, M (T, T) a constant, −∞ above the diagonal and 0 elsewhere,
//   so a future key gets probability exp(−∞) = 0;
//   P = Softmax(S) over the last axis; C = P · V (N, H, T, d), Transpose to
//   (N, T, H, d), Reshape (N, T, E); y = C · W_out + b_out (N, T, D).
// W_in (D, 3E) and W_out (E, D) are MatMul's (in, out) layout as they are.
std::string Attention::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto d = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  const std::int64_t E = d(embed_), D = d(features_), H = d(heads_), hd = d(head_size_);
  const std::string w_in = graph.initializer("in_proj_weight", {D, 3 * E}, in_weight_);
  const std::string b_in = graph.initializer("in_proj_bias", {3 * E}, in_bias_);
  const std::string qkv =
      graph.add("Add", {graph.add("MatMul", {input, w_in}, "qkv_matmul"), b_in}, "qkv");
  const std::string last_axis = graph.integers("feature_axis", {2});
  const std::string heads_shape = graph.integers("heads_shape", {0, 0, H, hd});
  const auto split_heads = [&](std::int64_t block, const char* name,
                               std::vector<std::int64_t> perm) {
    const std::string part =
        graph.add("Slice",
                  {qkv, graph.integers(std::string(name) + "_start", {block * E}),
                   graph.integers(std::string(name) + "_end", {(block + 1) * E}), last_axis},
                  name);
    const std::string split =
        graph.add("Reshape", {part, heads_shape}, std::string(name) + "_heads");
    return graph.add("Transpose", {split}, std::string(name) + "_by_head",
                     {onnx_ints("perm", std::move(perm))});
  };
  const std::string q = split_heads(0, "query", {0, 2, 1, 3});
  const std::string k = split_heads(1, "key", {0, 2, 3, 1});
  const std::string v = split_heads(2, "value", {0, 2, 1, 3});

  const float scale = 1.0f / std::sqrt(static_cast<float>(head_size_));
  std::string scores = graph.add(
      "Mul", {graph.add("MatMul", {q, k}, "scores_unscaled"), graph.constant("scale", scale)},
      "scores");
  if (causal_) {
    std::vector<float> mask(tokens_ * tokens_, 0.0f);
    for (std::size_t i = 0; i < tokens_; ++i)
      for (std::size_t j = i + 1; j < tokens_; ++j)
        mask[i * tokens_ + j] = -std::numeric_limits<float>::infinity();
    scores =
        graph.add("Add", {scores, graph.initializer("causal_mask", {d(tokens_), d(tokens_)}, mask)},
                  "scores_masked");
  }
  const std::string probabilities =
      graph.add("Softmax", {scores}, "probabilities", {onnx_int("axis", -1)});
  const std::string heads = graph.add("MatMul", {probabilities, v}, "context_by_head");
  const std::string context = graph.add(
      "Reshape",
      {graph.add("Transpose", {heads}, "context_heads", {onnx_ints("perm", {0, 2, 1, 3})}),
       graph.integers("context_shape", {0, 0, E})},
      "context");
  const std::string w_out = graph.initializer("out_proj.weight", {E, D}, out_weight_);
  const std::string b_out = graph.initializer("out_proj.bias", {D}, out_bias_);
  return graph.add("Add", {graph.add("MatMul", {context, w_out}, "out_matmul"), b_out}, "output");
}

}  // namespace glassbox
