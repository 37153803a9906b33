#pragma once
// A residual block (He et al. 2016): y = F(x) + P(x), where F is a sub-sequence
// of layers (the body) and P is the identity when F keeps the shape, or a
// learned projection when it does not (a 1×1 strided convolution for images, a
// dense layer on the last axis otherwise). The gradient flows down both paths:
//   dx = dF/dx · dy + dP/dx · dy
// The skip path lets gradients reach early layers undiminished, which is why
// deep residual networks train where plain deep ones stall.
//
// Arena: the cache holds each body layer's output, the projection's output
// and the children's caches; the workspace holds two gradient buffers, the
// skip gradient, then the children's (shared) workspace.
#include <memory>
#include <vector>

#include "glassbox/layers/export.hpp"
#include "glassbox/layers/layer.hpp"
#include "glassbox/layers/registry.hpp"

namespace glassbox {

class Residual final : public Layer {
public:
  Residual(const Shape& input, const std::vector<LayerSpec>& body);
  static LayerType type_info();

  std::string_view type() const override { return "residual"; }
  LayerSpec spec() const override;
  std::vector<ParameterInfo> parameters() const override;
  std::vector<ParameterInfo> state() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void bind_state(std::span<float> state) override;
  void initialize(Rng& rng) override;
  void set_training(bool training) override;
  std::size_t cache_size(std::size_t batch) const override;
  std::size_t workspace_size(std::size_t batch) const override;
  void bind_buffers(std::span<float> cache, std::span<float> workspace, std::size_t batch) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;
  TorchModule to_torch() const override;
  std::string to_onnx(OnnxGraph& graph, const std::string& input) const override;
  // "body.k.output" for each body layer, "skip" (x or P(x)), and each body
  // layer's own internals as "body.k.<name>".
  std::vector<Internal> internals(std::span<const float> x, std::span<const float> y,
                                  std::size_t batch) const override;

  std::size_t body_size() const { return body_.size(); }
  const Layer& body_layer(std::size_t i) const { return *body_.at(i); }
  bool has_projection() const { return projection_ != nullptr; }

private:
  Residual(const Shape& input, std::vector<std::unique_ptr<Layer>> body);
  // P: none when F keeps the shape, else a 1×1 conv (images) or a dense layer.
  void add_projection();
  // Body layers then the projection, if any (listed once: no allocation per call).
  const std::vector<Layer*>& children() const { return children_; }
  std::size_t largest_io(std::size_t batch) const;

  std::vector<std::unique_ptr<Layer>> body_;
  std::unique_ptr<Layer> projection_;
  std::vector<Layer*> children_;
  std::size_t batch_ = 0;                  // of the last bind_buffers
  std::vector<std::span<float>> outputs_;  // body outputs, in the cache
  std::span<float> projected_, grad_a_, grad_b_, skip_grad_;
};

}  // namespace glassbox
