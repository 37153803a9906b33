#pragma once
// Inverted dropout with rate p (Srivastava et al. 2014), elementwise:
//   training: m_i ~ Bernoulli(1 − p),  y = x ⊙ m / (1 − p),  dx = dy ⊙ m / (1 − p)
//   eval:     y = x,  dx = dy
// Masks come from the layer's own Rng, seeded by the model seed: a seed
// gives the same masks in every build. The scaled mask m / (1 − p) is the
// layer's cache (N × size floats).
#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Dropout final : public Layer {
public:
  Dropout(const Shape& input, float rate);
  static LayerType type_info();

  std::string_view type() const override { return "dropout"; }
  LayerSpec spec() const override;
  void initialize(Rng& rng) override;
  void set_training(bool training) override { training_ = training; }
  std::size_t cache_size(std::size_t batch) const override { return batch * input_size(); }
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  // "mask": m / (1 − p) of the last forward (all ones in eval mode).
  std::vector<Internal> internals(std::span<const float> x, std::span<const float> y,
                                  std::size_t batch) const override;

  // Tests: draw masks from this seed from now on (a fixed mask for a check).
  void reseed(std::uint64_t seed) { rng_ = Rng(seed); }
  float rate() const { return rate_; }

private:
  float rate_;
  bool training_ = false;
  bool masked_ = false;  // the last forward drew a mask into the cache
  Rng rng_{0};
};

}  // namespace glassbox
