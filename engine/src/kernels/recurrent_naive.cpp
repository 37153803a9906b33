// Naive references for the recurrent kernels: one sample, one step, one unit
// at a time, every sum in double, the equations of recurrent.hpp written out
// literally. Slow on purpose; tests hold the fast kernels equal to these.
#include <algorithm>
#include <cmath>
#include <vector>

#include "glassbox/kernels/recurrent.hpp"

namespace glassbox {
namespace {

double sigmoid(double a) {
  return 1.0 / (1.0 + std::exp(-a));
}

struct Dims {
  std::size_t N, T, I, H;
};
Dims dims(const RecurrentSize& s) {
  return {s.batch, s.steps, s.inputs, s.hidden};
}

// Row k of W_ih · x_t + b_ih (sample n, step t).
double input_term(std::span<const float> x, const CellWeights& w, const Dims& d, std::size_t n,
                  std::size_t t, std::size_t k) {
  double sum = w.bias_ih[k];
  for (std::size_t i = 0; i < d.I; ++i)
    sum += double{w.weight_ih[k * d.I + i]} * x[(n * d.T + t) * d.I + i];
  return sum;
}

// Row k of W_hh · h_{t−1} + b_hh, with h_{−1} = 0.
double hidden_term(std::span<const float> h, const CellWeights& w, const Dims& d, std::size_t n,
                   std::size_t t, std::size_t k) {
  double sum = w.bias_hh[k];
  if (t == 0) return sum;
  for (std::size_t j = 0; j < d.H; ++j)
    sum += double{w.weight_hh[k * d.H + j]} * h[(n * d.T + t - 1) * d.H + j];
  return sum;
}

float previous(std::span<const float> v, const Dims& d, std::size_t n, std::size_t t,
               std::size_t j) {
  return t == 0 ? 0.0f : v[(n * d.T + t - 1) * d.H + j];
}

// Given δa (the gradients of the pre-activations, input side and hidden side)
// of step t: accumulate dW and db, add δa_x W_ih into dx_t and δa_h W_hh into
// the carry for h_{t−1}.
void step_gradients(std::span<const float> x, std::span<const float> h, const CellWeights& w,
                    const CellGradients& g, std::span<float> dx, const Dims& d, std::size_t G,
                    std::size_t n, std::size_t t, const std::vector<double>& da_x,
                    const std::vector<double>& da_h, std::vector<double>& carry) {
  for (std::size_t k = 0; k < G; ++k) {
    g.bias_ih[k] += static_cast<float>(da_x[k]);
    g.bias_hh[k] += static_cast<float>(da_h[k]);
    for (std::size_t i = 0; i < d.I; ++i) {
      g.weight_ih[k * d.I + i] += static_cast<float>(da_x[k] * x[(n * d.T + t) * d.I + i]);
      if (!dx.empty())
        dx[(n * d.T + t) * d.I + i] += static_cast<float>(da_x[k] * w.weight_ih[k * d.I + i]);
    }
    if (t > 0)
      for (std::size_t j = 0; j < d.H; ++j) {
        g.weight_hh[k * d.H + j] += static_cast<float>(da_h[k] * previous(h, d, n, t, j));
        carry[j] += da_h[k] * w.weight_hh[k * d.H + j];
      }
  }
}

void clear(std::span<float> dx) {
  for (float& v : dx) v = 0.0f;
}

}  // namespace

void rnn_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> h,
                       const RecurrentSize& s) {
  const Dims d = dims(s);
  for (std::size_t n = 0; n < d.N; ++n)
    for (std::size_t t = 0; t < d.T; ++t)
      for (std::size_t j = 0; j < d.H; ++j)
        h[(n * d.T + t) * d.H + j] = static_cast<float>(
            std::tanh(input_term(x, w, d, n, t, j) + hidden_term(h, w, d, n, t, j)));
}

void rnn_backward_naive(std::span<const float> x, const CellWeights& w, std::span<const float> h,
                        std::span<const float> dh, const CellGradients& g, std::span<float> dx,
                        std::span<float> grad_norm, const RecurrentSize& s) {
  const Dims d = dims(s);
  clear(dx);
  for (std::size_t n = 0; n < d.N; ++n) {
    std::vector<double> carry(d.H, 0.0);
    for (std::size_t t = d.T; t-- > 0;) {
      std::vector<double> da(d.H), next(d.H, 0.0);
      double norm = 0.0;
      for (std::size_t j = 0; j < d.H; ++j) {
        const std::size_t at = (n * d.T + t) * d.H + j;
        const double delta = dh[at] + carry[j];
        norm += delta * delta;
        da[j] = delta * (1.0 - double{h[at]} * h[at]);
      }
      grad_norm[n * d.T + t] = static_cast<float>(std::sqrt(norm));
      step_gradients(x, h, w, g, dx, d, d.H, n, t, da, da, next);
      // Truncated BPTT: nothing goes back past a chunk's first step.
      carry = truncated_before(s, t) ? std::vector<double>(next.size(), 0.0) : next;
    }
  }
}

void lstm_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                        std::span<float> c, std::span<float> h, const RecurrentSize& s) {
  const Dims d = dims(s);
  const std::size_t H = d.H, G = 4 * H;
  for (std::size_t n = 0; n < d.N; ++n)
    for (std::size_t t = 0; t < d.T; ++t) {
      // The four pre-activations need h_{t−1} of every unit: compute them all first.
      std::vector<double> a(G);
      for (std::size_t k = 0; k < G; ++k)
        a[k] = input_term(x, w, d, n, t, k) + hidden_term(h, w, d, n, t, k);
      for (std::size_t j = 0; j < H; ++j) {
        const double i = sigmoid(a[j]), f = sigmoid(a[H + j]);
        const double g = std::tanh(a[2 * H + j]), o = sigmoid(a[3 * H + j]);
        const double c_t = f * previous(c, d, n, t, j) + i * g;
        float* gate = &gates[(n * d.T + t) * G];
        gate[j] = static_cast<float>(i), gate[H + j] = static_cast<float>(f);
        gate[2 * H + j] = static_cast<float>(g), gate[3 * H + j] = static_cast<float>(o);
        c[(n * d.T + t) * H + j] = static_cast<float>(c_t);
        h[(n * d.T + t) * H + j] = static_cast<float>(o * std::tanh(c_t));
      }
    }
}

void lstm_backward_naive(std::span<const float> x, const CellWeights& w,
                         std::span<const float> gates, std::span<const float> c,
                         std::span<const float> h, std::span<const float> dh,
                         const CellGradients& g, std::span<float> dx, std::span<float> grad_norm,
                         const RecurrentSize& s) {
  const Dims d = dims(s);
  const std::size_t H = d.H, G = 4 * H;
  clear(dx);
  for (std::size_t n = 0; n < d.N; ++n) {
    std::vector<double> carry_h(H, 0.0), carry_c(H, 0.0);
    for (std::size_t t = d.T; t-- > 0;) {
      std::vector<double> da(G), next(H, 0.0);
      double norm = 0.0;
      const float* gate = &gates[(n * d.T + t) * G];
      for (std::size_t j = 0; j < H; ++j) {
        const std::size_t at = (n * d.T + t) * H + j;
        const double i = gate[j], f = gate[H + j], gv = gate[2 * H + j], o = gate[3 * H + j];
        const double delta_h = dh[at] + carry_h[j];
        norm += delta_h * delta_h;
        const double tanh_c = std::tanh(double{c[at]});
        const double delta_c = carry_c[j] + delta_h * o * (1.0 - tanh_c * tanh_c);
        const double delta_o = delta_h * tanh_c;
        const double delta_i = delta_c * gv, delta_g = delta_c * i;
        const double delta_f = delta_c * previous(c, d, n, t, j);
        da[j] = delta_i * i * (1.0 - i);
        da[H + j] = delta_f * f * (1.0 - f);
        da[2 * H + j] = delta_g * (1.0 - gv * gv);
        da[3 * H + j] = delta_o * o * (1.0 - o);
        carry_c[j] = delta_c * f;
      }
      grad_norm[n * d.T + t] = static_cast<float>(std::sqrt(norm));
      step_gradients(x, h, w, g, dx, d, G, n, t, da, da, next);
      carry_h = next;
      if (truncated_before(s, t)) {  // truncated BPTT: cut both paths back in time
        std::fill(carry_h.begin(), carry_h.end(), 0.0);
        std::fill(carry_c.begin(), carry_c.end(), 0.0);
      }
    }
  }
}

void gru_forward_naive(std::span<const float> x, const CellWeights& w, std::span<float> gates,
                       std::span<float> hn, std::span<float> h, const RecurrentSize& s) {
  const Dims d = dims(s);
  const std::size_t H = d.H, G = 3 * H;
  for (std::size_t n = 0; n < d.N; ++n)
    for (std::size_t t = 0; t < d.T; ++t) {
      std::vector<double> ax(G), ah(G);
      for (std::size_t k = 0; k < G; ++k) {
        ax[k] = input_term(x, w, d, n, t, k);
        ah[k] = hidden_term(h, w, d, n, t, k);
      }
      for (std::size_t j = 0; j < H; ++j) {
        const double r = sigmoid(ax[j] + ah[j]);
        const double z = sigmoid(ax[H + j] + ah[H + j]);
        const double nv = std::tanh(ax[2 * H + j] + r * ah[2 * H + j]);
        float* gate = &gates[(n * d.T + t) * G];
        gate[j] = static_cast<float>(r), gate[H + j] = static_cast<float>(z);
        gate[2 * H + j] = static_cast<float>(nv);
        hn[(n * d.T + t) * H + j] = static_cast<float>(ah[2 * H + j]);
        h[(n * d.T + t) * H + j] = static_cast<float>((1.0 - z) * nv + z * previous(h, d, n, t, j));
      }
    }
}

void gru_backward_naive(std::span<const float> x, const CellWeights& w,
                        std::span<const float> gates, std::span<const float> hn,
                        std::span<const float> h, std::span<const float> dh, const CellGradients& g,
                        std::span<float> dx, std::span<float> grad_norm, const RecurrentSize& s) {
  const Dims d = dims(s);
  const std::size_t H = d.H, G = 3 * H;
  clear(dx);
  for (std::size_t n = 0; n < d.N; ++n) {
    std::vector<double> carry(H, 0.0);
    for (std::size_t t = d.T; t-- > 0;) {
      std::vector<double> da_x(G), da_h(G), next(H, 0.0);
      double norm = 0.0;
      const float* gate = &gates[(n * d.T + t) * G];
      for (std::size_t j = 0; j < H; ++j) {
        const std::size_t at = (n * d.T + t) * H + j;
        const double r = gate[j], z = gate[H + j], nv = gate[2 * H + j];
        const double delta_h = dh[at] + carry[j];
        norm += delta_h * delta_h;
        const double delta_n = delta_h * (1.0 - z);
        const double delta_z = delta_h * (previous(h, d, n, t, j) - nv);
        const double delta_an = delta_n * (1.0 - nv * nv);
        const double delta_r = delta_an * hn[at];
        da_x[j] = da_h[j] = delta_r * r * (1.0 - r);
        da_x[H + j] = da_h[H + j] = delta_z * z * (1.0 - z);
        da_x[2 * H + j] = delta_an;
        da_h[2 * H + j] = delta_an * r;
        next[j] = delta_h * z;  // h_t = … + z ⊙ h_{t−1}: the direct path
      }
      grad_norm[n * d.T + t] = static_cast<float>(std::sqrt(norm));
      step_gradients(x, h, w, g, dx, d, G, n, t, da_x, da_h, next);
      // Truncated BPTT: nothing goes back past a chunk's first step.
      carry = truncated_before(s, t) ? std::vector<double>(next.size(), 0.0) : next;
    }
  }
}

void recurrent_preactivations(CellKind kind, std::span<const float> x, const CellWeights& w,
                              std::span<const float> gates, std::span<const float> h,
                              std::span<float> out, const RecurrentSize& s) {
  const Dims d = dims(s);
  const std::size_t H = d.H, G = gate_count(kind) * H;
  for (std::size_t n = 0; n < d.N; ++n)
    for (std::size_t t = 0; t < d.T; ++t)
      for (std::size_t k = 0; k < G; ++k) {
        const double ax = input_term(x, w, d, n, t, k), ah = hidden_term(h, w, d, n, t, k);
        // The GRU's n block: r scales the hidden side only (PyTorch's placement).
        const double r =
            kind == CellKind::gru && k >= 2 * H ? gates[(n * d.T + t) * G + k - 2 * H] : 1.0;
        out[(n * d.T + t) * G + k] = static_cast<float>(ax + r * ah);
      }
}

}  // namespace glassbox
