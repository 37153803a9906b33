#include "glassbox/inspect/inspect.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"

namespace glassbox {

std::vector<Contribution> top_contributions(const Model& model, std::size_t layer, std::size_t k,
                                            std::size_t sample, std::size_t to) {
  require(layer < model.layer_count(), "no layer " + std::to_string(layer));
  const Layer& target = model.layer(layer);
  const auto weight = [&] {
    for (const auto& t : model.named_tensors())
      if (t.name == "layers." + std::to_string(layer) + ".weight" && t.shape.size() == 2) return t;
    throw Error("layer " + std::to_string(layer) + " is " + std::string(target.type()) +
                ", which has no (in, out) weight matrix to rank");
  }();
  const std::size_t in = weight.shape[0], out = weight.shape[1];
  require(target.input_size() == in,
          "layer " + std::to_string(layer) + " maps rows of a sequence; rank one row's inputs");
  require(to == all_neurons || to < out, "layer " + std::to_string(layer) + " has " +
                                             std::to_string(out) + " neurons, not " +
                                             std::to_string(to + 1));
  const auto input = model.layer_input(layer);
  require(input.size() >= (sample + 1) * in,
          "no sample " + std::to_string(sample) + " in the last forward pass");
  const float* a = input.data() + sample * in;
  const float* w = model.parameters().data() + weight.offset;  // W: (in, out)
  const std::size_t first = to == all_neurons ? 0 : to, last = to == all_neurons ? out : to + 1;
  std::vector<Contribution> all;
  all.reserve(in * (last - first));
  for (std::size_t i = 0; i < in; ++i) {
    if (a[i] == 0.0f) continue;  // contributes nothing
    for (std::size_t j = first; j < last; ++j)
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
