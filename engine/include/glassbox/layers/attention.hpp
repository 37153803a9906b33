#pragma once
// Multi-head self-attention on a sequence x: (T, D), as PyTorch's
// nn.MultiheadAttention(D, heads) with batch_first inputs and query = key =
// value = x (kernels/attention.hpp holds the core math). E = heads · d, where
// d is the head size (D / heads by default, as PyTorch requires).
//   [Q | K | V] = x · W_in + b_in          W_in: (D, 3E), each of Q, K, V: (T, E)
//   C = attention(Q, K, V)                  softmax(Q_h K_hᵀ / √d) V_h per head, (T, E)
//   y = C · W_out + b_out                   W_out: (E, D), y: (T, D)
// With "causal", query t sees keys 0..t only.
// Backward: dW_out += Cᵀ·dy, db_out += Σ dy, dC = dy·W_outᵀ, then the kernel's
// dQ, dK, dV, then dW_in += xᵀ·[dQ | dK | dV], db_in += Σ [dQ | dK | dV],
// dx = [dQ | dK | dV]·W_inᵀ.
//
// Parameters, named as PyTorch's state_dict: in_proj_weight, in_proj_bias,
// out_proj.weight, out_proj.bias. Our weights are stored (in, out), like our
// dense layer: in_proj_weight is (D, 3E) where PyTorch's is (3E, D), and
// out_proj.weight is (E, D) where PyTorch's is (D, E); transpose to exchange.
// Q, K, V are its column blocks [0, E), [E, 2E), [2E, 3E) in both.
//
// Cache (per batch N, laid out for the batch of bind_buffers): Q, K, V
// (3 blocks of N·T·E), P (N·H·T·T), C (N·T·E). Workspace: dC (N·T·E),
// dQ, dK, dV (3·N·T·E), the kernel's scratch (N·H·T·T).
#include "glassbox/kernels/attention.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Attention final : public Layer {
public:
  // head_size 0 means D / heads.
  Attention(const Shape& input, std::size_t heads, std::size_t head_size, bool causal);
  static LayerType type_info();

  std::string_view type() const override { return "attention"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  std::size_t cache_size(std::size_t batch) const override;
  std::size_t workspace_size(std::size_t batch) const override;
  void bind_buffers(std::span<float> cache, std::span<float> workspace, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  // "probabilities" (H, T, T): row i is query i's weights over the keys;
  // "query", "key", "value" (T, E): row t is that position's Q, K or V (head h
  // in columns [h·d, (h+1)·d)); "context" (T, E): the heads' outputs.
  std::vector<Internal> internals(std::span<const float> x, std::span<const float> y,
                                  std::size_t batch) const override;

  std::size_t heads() const { return heads_; }
  std::size_t head_size() const { return head_size_; }
  bool causal() const { return causal_; }

private:
  AttentionSize size(std::size_t batch) const {
    return {batch, tokens_, heads_, head_size_, causal_};
  }

  std::size_t tokens_, features_, heads_, head_size_, embed_;
  std::size_t per_sample_ = 0;  // cache (and workspace) floats per sample
  bool causal_;
  std::span<float> in_weight_, in_bias_, out_weight_, out_bias_;
  std::span<float> in_weight_grad_, in_bias_grad_, out_weight_grad_, out_bias_grad_;
  std::span<float> q_, k_, v_, probs_, context_;        // cache
  std::span<float> dcontext_, dq_, dk_, dv_, scratch_;  // workspace
};

}  // namespace glassbox
