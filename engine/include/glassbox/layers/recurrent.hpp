#pragma once
// Recurrent layers "rnn" (tanh), "lstm" and "gru" over a sequence
// (kernels/recurrent.hpp has the cell equations, forward and backward):
//   x: (T, I) per sample — or (T), read as (T, 1): one number (a bit, a token
//   id) per step — → y: (T, H), every step's h_t, or (H), only h_T when
//   "return_sequences" is false. The initial state h_0 (and c_0) is zero.
// Backward is backpropagation through time over the whole sequence, or in
// chunks of "truncate" steps (truncated BPTT; RecurrentSize in the kernels).
//
// Parameters, named and laid out as PyTorch's nn.RNN / nn.LSTM / nn.GRU with
// one layer, so a state_dict maps one to one (drop the "_l0" suffix):
//   weight_ih (G, I), weight_hh (G, H), bias_ih (G), bias_hh (G),  G = gates·H,
//   gate blocks stacked in PyTorch's order: LSTM i, f, g, o; GRU r, z, n.
// Initialization as PyTorch: every tensor U(−1/√H, 1/√H); then the LSTM's
// forget-gate bias is set to 1 (bias_ih) + 0 (bias_hh).
//
// Cache (per batch of N): h (N, T, H); the activated gates (N, T, G) for the
// LSTM and GRU; c (N, T, H) for the LSTM, W_hn h_{t−1} + b_hn (N, T, H) for
// the GRU; ‖∂L/∂h_t‖ (N, T) written by backward. Workspace: the kernel's
// backward scratch, plus (N, T, H) for the upstream gradient of every step
// when only the last one is returned.
#include <vector>

#include "glassbox/kernels/recurrent.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Recurrent final : public Layer {
public:
  // truncate: 0 for full BPTT, else chunks of that many steps (RecurrentSize).
  Recurrent(CellKind kind, const Shape& input, std::size_t units, bool return_sequences,
            std::size_t truncate = 0);
  static LayerType type_info(CellKind kind);

  std::string_view type() const override;
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void initialize(Rng& rng) override;
  std::size_t cache_size(std::size_t batch) const override;
  std::size_t workspace_size(std::size_t batch) const override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  // "hidden" (T, H): h_t; "gates" (T, 4, H) i, f, g, o (LSTM) or (T, 3, H)
  // r, z, n (GRU); "cell" (T, H): c_t (LSTM); "pre_activation" (T, gates, H):
  // what goes into σ / tanh (recurrent_preactivations, recomputed here, so
  // training never pays for it); "grad_norm" (T): ‖∂L/∂h_t‖ of the last
  // backward after this forward (zeros until one runs).
  std::vector<Internal> internals(std::span<const float> x, std::span<const float> y,
                                  std::size_t batch) const override;

  CellKind kind() const { return kind_; }
  std::size_t steps() const { return steps_; }
  std::size_t units() const { return hidden_; }

private:
  struct CacheViews {
    std::span<float> hidden, gates, extra, grad_norm;  // extra: c (LSTM) or hn (GRU)
  };
  CacheViews views(std::size_t batch) const;
  RecurrentSize size(std::size_t batch) const {
    return {batch, steps_, inputs_, hidden_, truncate_};
  }
  CellWeights weights() const;

  CellKind kind_;
  std::size_t steps_, inputs_, hidden_;
  bool return_sequences_;
  std::size_t truncate_;
  std::span<float> weight_ih_, weight_hh_, bias_ih_, bias_hh_;
  CellGradients grads_;
  // The pre_activation internal's storage, filled on request by internals()
  // (an inspection, not part of the layer's state).
  mutable std::vector<float> pre_activation_;
};

}  // namespace glassbox
