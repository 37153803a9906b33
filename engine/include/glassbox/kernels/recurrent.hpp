#pragma once
// Recurrent cells over a whole sequence: forward and full backpropagation
// through time (BPTT), each forward beside its backward, each fast kernel
// beside a naive per-step reference (loops, double sums) that the tests hold
// equal.
//
// Shapes (row-major, features last), for N sequences of T steps:
//   x: (N, T, I)   inputs          h: (N, T, H)   hidden state h_t of every step
//   the initial state h_0 (and c_0) is zero.
// Weights use PyTorch's names and layouts (nn.RNN / nn.LSTM / nn.GRU, layer 0),
// G = gates · H rows stacked gate by gate:
//   weight_ih (G, I), weight_hh (G, H), bias_ih (G), bias_hh (G)
// so a gate's pre-activation is a = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh.
//
// Backward receives dh: (N, T, H), the upstream gradient ∂L/∂h_t from the
// layers above at every step (zero where the output was not used), and walks
// t = T−1 … 0 carrying the recurrent gradient back one step at a time:
//   δh_t = dh_t + ∂L/∂h_t via h_{t+1}
// It ADDS parameter gradients, OVERWRITES dx (skipped when empty), and writes
// grad_norm (N, T): ‖δh_t‖₂, the gradient flowing back in time into h_t.
// With size.truncate = k > 0 the carry back in time is dropped at every
// multiple of k (truncated BPTT, see RecurrentSize).
// `workspace` needs recurrent_workspace_size(...) floats.
#include <cstddef>
#include <span>

namespace glassbox {

enum class CellKind { rnn, lstm, gru };

// Gate blocks per cell: RNN 1, LSTM 4 (i, f, g, o), GRU 3 (r, z, n).
std::size_t gate_count(CellKind kind);

struct RecurrentSize {
  std::size_t batch, steps, inputs, hidden;
  // Truncated BPTT: 0 carries the gradient back through the whole sequence;
  // k > 0 cuts the sequence into chunks of k steps and carries nothing from
  // step t back into h_{t−1} (and c_{t−1}) when t is a multiple of k (0-based),
  // as detaching the state every k steps would. The forward is unchanged and
  // h_{t−1} still enters dW_hh at a cut: only the path back in time is cut.
  std::size_t truncate = 0;
};

// True when backward carries nothing from step t (0-based) back to step t − 1.
inline bool truncated_before(const RecurrentSize& s, std::size_t t) {
  return s.truncate > 0 && t % s.truncate == 0;
}

// The parameters of one cell, PyTorch layouts (G = gate_count · H).
struct CellWeights {
  std::span<const float> weight_ih;  // (G, I)
  std::span<const float> weight_hh;  // (G, H)
  std::span<const float> bias_ih;    // (G)
  std::span<const float> bias_hh;    // (G)
};
struct CellGradients {
  std::span<float> weight_ih, weight_hh, bias_ih, bias_hh;  // same shapes, ADDED to
};

// Floats the backward kernels need as scratch.
std::size_t recurrent_workspace_size(CellKind kind, const RecurrentSize& size);

// ---- Vanilla RNN (tanh), nn.RNN:
//   h_t = tanh(W_ih x_t + b_ih + W_hh h_{t−1} + b_hh)
// Backward, with δh_t as above:
//   δa_t = δh_t ⊙ (1 − h_t²)
//   dW_ih += Σ_t δa_tᵀ x_t,  dW_hh += Σ_t δa_tᵀ h_{t−1},  db_ih = db_hh += Σ_t δa_t
//   dx_t = δa_t W_ih,  ∂L/∂h_{t−1} via h_t = δa_t W_hh
void rnn_forward(std::span<const float> x, const CellWeights& w, std::span<float> h,
                 const RecurrentSize& size);
void rnn_backward(std::span<const float> x, const CellWeights& w, std::span<const float> h,
                  std::span<const float> dh, const CellGradients& g, std::span<float> dx,
                  std::span<float> grad_norm, std::span<float> workspace,
                  const RecurrentSize& size);
void rnn_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> h,
                       const RecurrentSize& size);
void rnn_backward_naive(std::span<const float> x, const CellWeights& w, std::span<const float> h,
                        std::span<const float> dh, const CellGradients& g, std::span<float> dx,
                        std::span<float> grad_norm, const RecurrentSize& size);

// ---- LSTM, nn.LSTM (gate blocks in PyTorch's order i, f, g, o):
//   i = σ(a_i)  f = σ(a_f)  g = tanh(a_g)  o = σ(a_o)
//   c_t = f ⊙ c_{t−1} + i ⊙ g        h_t = o ⊙ tanh(c_t)
// gates: (N, T, 4H) the activated i, f, g, o;  c: (N, T, H) the cell states.
// Backward, with δh_t as above and δc_t = δc from c_{t+1} (f_{t+1} ⊙ δc_{t+1}):
//   δo = δh ⊙ tanh c_t
//   δc = δc_next + δh ⊙ o ⊙ (1 − tanh² c_t)
//   δi = δc ⊙ g   δg = δc ⊙ i   δf = δc ⊙ c_{t−1}   δc_next ← δc ⊙ f
//   δa = (δi·i(1−i), δf·f(1−f), δg·(1−g²), δo·o(1−o)), then as for the RNN.
void lstm_forward(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                  std::span<float> c, std::span<float> h, const RecurrentSize& size);
void lstm_backward(std::span<const float> x, const CellWeights& w, std::span<const float> gates,
                   std::span<const float> c, std::span<const float> h, std::span<const float> dh,
                   const CellGradients& g, std::span<float> dx, std::span<float> grad_norm,
                   std::span<float> workspace, const RecurrentSize& size);
void lstm_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                        std::span<float> c, std::span<float> h, const RecurrentSize& size);
void lstm_backward_naive(std::span<const float> x, const CellWeights& w,
                         std::span<const float> gates, std::span<const float> c,
                         std::span<const float> h, std::span<const float> dh,
                         const CellGradients& g, std::span<float> dx, std::span<float> grad_norm,
                         const RecurrentSize& size);

// ---- GRU, nn.GRU (gate blocks r, z, n), with PyTorch's placement of r:
//   r = σ(W_ir x + b_ir + W_hr h_{t−1} + b_hr)
//   z = σ(W_iz x + b_iz + W_hz h_{t−1} + b_hz)
//   hn = W_hn h_{t−1} + b_hn
//   n = tanh(W_in x + b_in + r ⊙ hn)
//   h_t = (1 − z) ⊙ n + z ⊙ h_{t−1}
// gates: (N, T, 3H) the activated r, z, n;  hn: (N, T, H).
// Backward, with δh_t as above:
//   δn = δh ⊙ (1 − z)   δz = δh ⊙ (h_{t−1} − n)
//   δa_n = δn ⊙ (1 − n²)   δr = δa_n ⊙ hn
//   input side  δa_x = (δr·r(1−r), δz·z(1−z), δa_n)        → dW_ih, db_ih, dx
//   hidden side δa_h = (δr·r(1−r), δz·z(1−z), δa_n ⊙ r)    → dW_hh, db_hh
//   ∂L/∂h_{t−1} via h_t = δh ⊙ z + δa_h W_hh
void gru_forward(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                 std::span<float> hn, std::span<float> h, std::span<float> workspace,
                 const RecurrentSize& size);
void gru_backward(std::span<const float> x, const CellWeights& w, std::span<const float> gates,
                  std::span<const float> hn, std::span<const float> h, std::span<const float> dh,
                  const CellGradients& g, std::span<float> dx, std::span<float> grad_norm,
                  std::span<float> workspace, const RecurrentSize& size);
void gru_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                       std::span<float> hn, std::span<float> h, const RecurrentSize& size);
void gru_backward_naive(std::span<const float> x, const CellWeights& w,
                        std::span<const float> gates, std::span<const float> hn,
                        std::span<const float> h, std::span<const float> dh, const CellGradients& g,
                        std::span<float> dx, std::span<float> grad_norm, const RecurrentSize& size);

// ---- Inspection only (never called in training): every gate block's
// pre-activation, recomputed in double from the inputs, the weights and the
// forward's h (and the GRU's r), out: (N, T, G):
//   a_t = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh        RNN; LSTM i, f, g, o; GRU r, z
//   a_n = W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn)   GRU n, r read from `gates`
// so σ(a) (i, f, o, r, z) or tanh(a) (g, n, the RNN's h_t) is the cached value.
void recurrent_preactivations(CellKind kind, std::span<const float> x, const CellWeights& w,
                              std::span<const float> gates, std::span<const float> h,
                              std::span<float> out, const RecurrentSize& size);

}  // namespace glassbox
