#include "glassbox/inspect/inspect.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {

std::vector<Contribution> top_contributions(const Model& model, std::size_t layer, std::size_t k,
                                            std::size_t sample) {
  require(layer < model.layer_count(), "no layer " + std::to_string(layer));
  const Layer& dense = model.layer(layer);
  require(dense.type() == "dense", "layer " + std::to_string(layer) + " is " + dense.type() +
                                       ", not dense: it has no weights to rank");
  const std::size_t in = dense.input_size(), out = dense.output_size();
  const auto input = model.layer_input(layer);
  require(input.size() >= (sample + 1) * in,
          "no sample " + std::to_string(sample) + " in the last forward pass");
  const float* a = input.data() + sample * in;
  const float* w = model.parameters().data() + model.parameter_offset(layer);  // W: (in, out)
  std::vector<Contribution> all;
  all.reserve(in * out);
  for (std::size_t i = 0; i < in; ++i) {
    if (a[i] == 0.0f) continue;  // contributes nothing
    for (std::size_t j = 0; j < out; ++j)
      all.push_back(
          {static_cast<std::uint32_t>(i), static_cast<std::uint32_t>(j), w[i * out + j] * a[i]});
  }
  const std::size_t keep = std::min(k, all.size());
  const auto larger = [](const Contribution& x, const Contribution& y) {
    const float ax = std::abs(x.value), ay = std::abs(y.value);
    if (ax != ay) return ax > ay;
    return x.from != y.from ? x.from < y.from : x.to < y.to;
  };
  std::partial_sort(all.begin(), all.begin() + static_cast<std::ptrdiff_t>(keep), all.end(),
                    larger);
  all.resize(keep);
  return all;
}

std::vector<GradientNorm> weight_gradient_norms(const Model& model) {
  std::vector<GradientNorm> norms;
  const auto grads = model.gradients();
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    std::size_t offset = model.parameter_offset(i);
    for (const auto& p : model.layer(i).parameters()) {
      const std::size_t count = element_count(p.shape);
      if (p.is_weight) {
        double sum = 0.0;
        for (std::size_t k = offset; k < offset + count; ++k) sum += double{grads[k]} * grads[k];
        norms.push_back(
            {"layers." + std::to_string(i) + "." + p.name, static_cast<float>(std::sqrt(sum))});
      }
      offset += count;
    }
  }
  return norms;
}

}  // namespace glassbox
