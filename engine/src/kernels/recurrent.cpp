// Fast recurrent kernels: the input projection of every step is one matrix
// product over all N·T rows; the recurrence is one strided product per step
// (the N rows of h_{t−1} sit T·H floats apart). Math in recurrent.hpp.
#include "glassbox/kernels/recurrent.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/core/shape.hpp"
#include "glassbox/kernels/matmul.hpp"

namespace glassbox {
namespace {

float sigmoid(float a) {
  return 1.0f / (1.0f + std::exp(-a));
}

std::size_t rows(const RecurrentSize& s) {
  return checked_multiply(s.batch, s.steps, "sequence");
}

void check_sizes(const char* kernel, CellKind kind, std::span<const float> x, const CellWeights& w,
                 std::span<const float> h, const RecurrentSize& s) {
  // Messages are built only on failure: a training step must not allocate.
  if (s.batch == 0 || s.steps == 0 || s.inputs == 0 || s.hidden == 0)
    throw Error(std::string(kernel) + ": every size must be positive");
  const std::size_t g = gate_count(kind) * s.hidden;
  const std::size_t r = rows(s);
  if (x.size() < checked_multiply(r, s.inputs, kernel) ||
      h.size() < checked_multiply(r, s.hidden, kernel) ||
      w.weight_ih.size() != checked_multiply(g, s.inputs, kernel) ||
      w.weight_hh.size() != checked_multiply(g, s.hidden, kernel) || w.bias_ih.size() != g ||
      w.bias_hh.size() != g)
    throw Error(std::string(kernel) + ": a buffer is smaller than its shape");
}

// pre (N·T, G) = x W_ihᵀ + b_ih + b_hh: the part of every pre-activation that
// does not depend on h_{t−1}. (GRU keeps b_hn apart: pass include_hh = false.)
void input_projection(std::span<const float> x, const CellWeights& w, std::span<float> pre,
                      const RecurrentSize& s, std::size_t g, bool include_hh) {
  const std::size_t r = rows(s);
  for (std::size_t row = 0; row < r; ++row)
    for (std::size_t k = 0; k < g; ++k)
      pre[row * g + k] = w.bias_ih[k] + (include_hh ? w.bias_hh[k] : 0.0f);
  gemm_nt(x, w.weight_ih, pre, {r, s.inputs, g}, /*accumulate=*/true);
}

// out (N, G) at ldc (+)= h_{t−1} W_hhᵀ with h_{t−1} the rows of step t − 1 of h (N, T, H).
void recurrent_product(std::span<const float> h, std::size_t t, std::span<const float> w_hh,
                       std::span<float> out, std::size_t ldc, const RecurrentSize& s, std::size_t g,
                       bool accumulate) {
  gemm_nt_strided(
      h.subspan((t - 1) * s.hidden), w_hh, out,
      {.m = s.batch, .k = s.hidden, .n = g, .lda = s.steps * s.hidden, .ldb = s.hidden, .ldc = ldc},
      accumulate);
}

// After the loop over time: with δa_x (N·T, G) known for every step,
//   dW_ih += δa_xᵀ x,  db_ih += Σ δa_x,  dx = δa_x W_ih.
// For RNN and LSTM δa_h = δa_x, so db_hh += Σ δa_x too (add_hh_bias).
void input_side_gradients(std::span<const float> x, const CellWeights& w, std::span<const float> da,
                          const CellGradients& gr, std::span<float> dx, const RecurrentSize& s,
                          std::size_t g, bool add_hh_bias) {
  const std::size_t r = rows(s);
  gemm_tn(da, x, gr.weight_ih, {g, r, s.inputs}, /*accumulate=*/true);
  for (std::size_t row = 0; row < r; ++row)
    for (std::size_t k = 0; k < g; ++k) {
      gr.bias_ih[k] += da[row * g + k];
      if (add_hh_bias) gr.bias_hh[k] += da[row * g + k];
    }
  if (!dx.empty()) gemm_nn(da, w.weight_ih, dx, {r, g, s.inputs}, /*accumulate=*/false);
}

// dW_hh += δa_tᵀ h_{t−1}, for δa_t stored (N, G) at lda.
void hidden_weight_gradient(std::span<const float> da, std::size_t lda, std::span<const float> h,
                            std::size_t t, std::span<float> dw_hh, const RecurrentSize& s,
                            std::size_t g) {
  gemm_tn_strided(
      da, h.subspan((t - 1) * s.hidden), dw_hh,
      {.m = g, .k = s.batch, .n = s.hidden, .lda = lda, .ldb = s.steps * s.hidden, .ldc = s.hidden},
      /*accumulate=*/true);
}

// carry (N, H) = δa_t W_hh, δa_t stored (N, G) at lda: ∂L/∂h_{t−1} through the gates.
void carry_back(std::span<const float> da, std::size_t lda, std::span<const float> w_hh,
                std::span<float> carry, const RecurrentSize& s, std::size_t g) {
  gemm_nn_strided(
      da, w_hh, carry,
      {.m = s.batch, .k = g, .n = s.hidden, .lda = lda, .ldb = s.hidden, .ldc = s.hidden},
      /*accumulate=*/false);
}

}  // namespace

std::size_t gate_count(CellKind kind) {
  switch (kind) {
    case CellKind::lstm:
      return 4;
    case CellKind::gru:
      return 3;
    default:
      return 1;
  }
}

std::size_t recurrent_workspace_size(CellKind kind, const RecurrentSize& s) {
  const std::size_t g = gate_count(kind) * s.hidden;
  const std::size_t per_step = checked_multiply(s.batch, g + 2 * s.hidden, "recurrent workspace");
  // δa_x for every step (N, T, G), plus per-step rows: the carry, δh (and
  // the GRU's hidden-side δa_h, or its forward's h_{t−1} W_hhᵀ).
  return checked_multiply(rows(s), g, "recurrent workspace") + per_step;
}

// ---------------------------------------------------------------- RNN

void rnn_forward(std::span<const float> x, const CellWeights& w, std::span<float> h,
                 const RecurrentSize& s) {
  check_sizes("rnn_forward", CellKind::rnn, x, w, h, s);
  const std::size_t H = s.hidden, T = s.steps;
  // h holds the pre-activations first, then tanh of them, step by step.
  input_projection(x, w, h, s, H, true);
  for (std::size_t t = 0; t < T; ++t) {
    if (t > 0) recurrent_product(h, t, w.weight_hh, h.subspan(t * H), T * H, s, H, true);
    for (std::size_t n = 0; n < s.batch; ++n)
      for (std::size_t j = 0; j < H; ++j) {
        float& v = h[(n * T + t) * H + j];
        v = std::tanh(v);
      }
  }
}

void rnn_backward(std::span<const float> x, const CellWeights& w, std::span<const float> h,
                  std::span<const float> dh, const CellGradients& gr, std::span<float> dx,
                  std::span<float> grad_norm, std::span<float> workspace, const RecurrentSize& s) {
  check_sizes("rnn_backward", CellKind::rnn, x, w, h, s);
  require(workspace.size() >= recurrent_workspace_size(CellKind::rnn, s),
          "rnn_backward: workspace too small");
  const std::size_t H = s.hidden, T = s.steps, N = s.batch;
  const std::span<float> da = workspace.subspan(0, N * T * H);
  const std::span<float> carry = workspace.subspan(N * T * H, N * H);
  std::fill(carry.begin(), carry.end(), 0.0f);
  for (std::size_t t = T; t-- > 0;) {
    for (std::size_t n = 0; n < N; ++n) {
      double norm = 0.0;
      for (std::size_t j = 0; j < H; ++j) {
        const std::size_t at = (n * T + t) * H + j;
        const float delta = dh[at] + carry[n * H + j];  // δh_t
        norm += double{delta} * delta;
        da[at] = delta * (1.0f - h[at] * h[at]);
      }
      grad_norm[n * T + t] = static_cast<float>(std::sqrt(norm));
    }
    if (t > 0) {
      const std::span<const float> da_t = da.subspan(t * H);
      hidden_weight_gradient(da_t, T * H, h, t, gr.weight_hh, s, H);
      if (truncated_before(s, t))
        std::fill(carry.begin(), carry.end(), 0.0f);
      else
        carry_back(da_t, T * H, w.weight_hh, carry, s, H);
    }
  }
  input_side_gradients(x, w, da, gr, dx, s, H, true);
}

// ---------------------------------------------------------------- LSTM

void lstm_forward(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                  std::span<float> c, std::span<float> h, const RecurrentSize& s) {
  check_sizes("lstm_forward", CellKind::lstm, x, w, h, s);
  const std::size_t H = s.hidden, T = s.steps, G = 4 * H;
  require(gates.size() >= rows(s) * G && c.size() >= rows(s) * H,
          "lstm_forward: a buffer is smaller than its shape");
  input_projection(x, w, gates, s, G, true);
  for (std::size_t t = 0; t < T; ++t) {
    if (t > 0) recurrent_product(h, t, w.weight_hh, gates.subspan(t * G), T * G, s, G, true);
    for (std::size_t n = 0; n < s.batch; ++n) {
      float* a = &gates[(n * T + t) * G];
      for (std::size_t j = 0; j < H; ++j) {
        const float i = sigmoid(a[j]), f = sigmoid(a[H + j]);
        const float g = std::tanh(a[2 * H + j]), o = sigmoid(a[3 * H + j]);
        a[j] = i, a[H + j] = f, a[2 * H + j] = g, a[3 * H + j] = o;
        const float c_prev = t > 0 ? c[(n * T + t - 1) * H + j] : 0.0f;
        const float c_t = f * c_prev + i * g;
        c[(n * T + t) * H + j] = c_t;
        h[(n * T + t) * H + j] = o * std::tanh(c_t);
      }
    }
  }
}

void lstm_backward(std::span<const float> x, const CellWeights& w, std::span<const float> gates,
                   std::span<const float> c, std::span<const float> h, std::span<const float> dh,
                   const CellGradients& gr, std::span<float> dx, std::span<float> grad_norm,
                   std::span<float> workspace, const RecurrentSize& s) {
  check_sizes("lstm_backward", CellKind::lstm, x, w, h, s);
  require(workspace.size() >= recurrent_workspace_size(CellKind::lstm, s),
          "lstm_backward: workspace too small");
  const std::size_t H = s.hidden, T = s.steps, N = s.batch, G = 4 * H;
  const std::span<float> da = workspace.subspan(0, N * T * G);
  const std::span<float> carry_h = workspace.subspan(N * T * G, N * H);
  const std::span<float> carry_c = workspace.subspan(N * T * G + N * H, N * H);
  std::fill(carry_h.begin(), carry_h.end(), 0.0f);
  std::fill(carry_c.begin(), carry_c.end(), 0.0f);
  for (std::size_t t = T; t-- > 0;) {
    for (std::size_t n = 0; n < N; ++n) {
      const float* a = &gates[(n * T + t) * G];
      float* d = &da[(n * T + t) * G];
      double norm = 0.0;
      for (std::size_t j = 0; j < H; ++j) {
        const std::size_t at = (n * T + t) * H + j;
        const float i = a[j], f = a[H + j], g = a[2 * H + j], o = a[3 * H + j];
        const float delta_h = dh[at] + carry_h[n * H + j];
        norm += double{delta_h} * delta_h;
        const float tanh_c = std::tanh(c[at]);
        const float c_prev = t > 0 ? c[at - H] : 0.0f;
        const float delta_c = carry_c[n * H + j] + delta_h * o * (1.0f - tanh_c * tanh_c);
        d[j] = delta_c * g * i * (1.0f - i);
        d[H + j] = delta_c * c_prev * f * (1.0f - f);
        d[2 * H + j] = delta_c * i * (1.0f - g * g);
        d[3 * H + j] = delta_h * tanh_c * o * (1.0f - o);
        carry_c[n * H + j] = delta_c * f;
      }
      grad_norm[n * T + t] = static_cast<float>(std::sqrt(norm));
    }
    if (t > 0) {
      const std::span<const float> da_t = da.subspan(t * G);
      hidden_weight_gradient(da_t, T * G, h, t, gr.weight_hh, s, G);
      if (truncated_before(s, t)) {
        std::fill(carry_h.begin(), carry_h.end(), 0.0f);
        std::fill(carry_c.begin(), carry_c.end(), 0.0f);
      } else {
        carry_back(da_t, T * G, w.weight_hh, carry_h, s, G);
      }
    }
  }
  input_side_gradients(x, w, da, gr, dx, s, G, true);
}

// ---------------------------------------------------------------- GRU

void gru_forward(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                 std::span<float> hn, std::span<float> h, std::span<float> workspace,
                 const RecurrentSize& s) {
  check_sizes("gru_forward", CellKind::gru, x, w, h, s);
  const std::size_t H = s.hidden, T = s.steps, N = s.batch, G = 3 * H;
  require(gates.size() >= rows(s) * G && hn.size() >= rows(s) * H && workspace.size() >= N * G,
          "gru_forward: a buffer is smaller than its shape");
  const std::span<float> gh = workspace.subspan(0, N * G);  // h_{t−1} W_hhᵀ + b_hh
  // b_hh of r and z can join the input side; b_hn stays inside r ⊙ (…).
  input_projection(x, w, gates, s, G, false);
  for (std::size_t t = 0; t < T; ++t) {
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t k = 0; k < G; ++k) gh[n * G + k] = w.bias_hh[k];
    if (t > 0) recurrent_product(h, t, w.weight_hh, gh, G, s, G, true);
    for (std::size_t n = 0; n < N; ++n) {
      float* a = &gates[(n * T + t) * G];
      const float* b = &gh[n * G];
      for (std::size_t j = 0; j < H; ++j) {
        const float r = sigmoid(a[j] + b[j]), z = sigmoid(a[H + j] + b[H + j]);
        const float hidden_n = b[2 * H + j];
        const float nv = std::tanh(a[2 * H + j] + r * hidden_n);
        a[j] = r, a[H + j] = z, a[2 * H + j] = nv;
        const std::size_t at = (n * T + t) * H + j;
        hn[at] = hidden_n;
        const float h_prev = t > 0 ? h[at - H] : 0.0f;
        h[at] = (1.0f - z) * nv + z * h_prev;
      }
    }
  }
}

void gru_backward(std::span<const float> x, const CellWeights& w, std::span<const float> gates,
                  std::span<const float> hn, std::span<const float> h, std::span<const float> dh,
                  const CellGradients& gr, std::span<float> dx, std::span<float> grad_norm,
                  std::span<float> workspace, const RecurrentSize& s) {
  check_sizes("gru_backward", CellKind::gru, x, w, h, s);
  require(workspace.size() >= recurrent_workspace_size(CellKind::gru, s),
          "gru_backward: workspace too small");
  const std::size_t H = s.hidden, T = s.steps, N = s.batch, G = 3 * H;
  const std::span<float> da = workspace.subspan(0, N * T * G);  // input side δa_x
  const std::span<float> dah = workspace.subspan(N * T * G, N * G);
  const std::span<float> carry = workspace.subspan(N * T * G + N * G, N * H);
  const std::span<float> direct = workspace.subspan(N * T * G + N * G + N * H, N * H);
  std::fill(carry.begin(), carry.end(), 0.0f);
  for (std::size_t t = T; t-- > 0;) {
    for (std::size_t n = 0; n < N; ++n) {
      const float* a = &gates[(n * T + t) * G];
      float* d = &da[(n * T + t) * G];
      float* dhid = &dah[n * G];
      double norm = 0.0;
      for (std::size_t j = 0; j < H; ++j) {
        const std::size_t at = (n * T + t) * H + j;
        const float r = a[j], z = a[H + j], nv = a[2 * H + j];
        const float delta_h = dh[at] + carry[n * H + j];
        norm += double{delta_h} * delta_h;
        const float h_prev = t > 0 ? h[at - H] : 0.0f;
        const float delta_an = delta_h * (1.0f - z) * (1.0f - nv * nv);
        const float delta_ar = delta_an * hn[at] * r * (1.0f - r);
        const float delta_az = delta_h * (h_prev - nv) * z * (1.0f - z);
        d[j] = delta_ar, d[H + j] = delta_az, d[2 * H + j] = delta_an;
        dhid[j] = delta_ar, dhid[H + j] = delta_az, dhid[2 * H + j] = delta_an * r;
        direct[n * H + j] = delta_h * z;
      }
      grad_norm[n * T + t] = static_cast<float>(std::sqrt(norm));
    }
    // Hidden-side biases see δa_h at every step (b_hh acts even at t = 0).
    for (std::size_t n = 0; n < N; ++n)
      for (std::size_t k = 0; k < G; ++k) gr.bias_hh[k] += dah[n * G + k];
    if (t > 0) {
      hidden_weight_gradient(dah, G, h, t, gr.weight_hh, s, G);
      if (truncated_before(s, t)) {
        std::fill(carry.begin(), carry.end(), 0.0f);
      } else {
        carry_back(dah, G, w.weight_hh, carry, s, G);
        for (std::size_t k = 0; k < N * H; ++k) carry[k] += direct[k];
      }
    }
  }
  input_side_gradients(x, w, da, gr, dx, s, G, false);
}

}  // namespace glassbox
