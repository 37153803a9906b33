#pragma once
// A residual block (He et al. 2016): y = F(x) + P(x), where F is a sub-sequence
// of layers (the body) and P is the identity when F keeps the shape, or a
// learned projection when it does not (a 1×1 strided convolution for images, a
// dense layer for flat outputs). The gradient flows down both paths:
//   dx = dF/dx · dy + dP/dx · dy
// The skip path lets gradients reach early layers undiminished, which is why
// deep residual networks train where plain deep ones stall.
#include <memory>
#include <vector>

#include "glassbox/layers/layer.hpp"
#include "glassbox/model/architecture.hpp"

namespace glassbox {

class Residual final : public Layer {
public:
  Residual(const Shape& input, const std::vector<LayerSpec>& body);

  std::string type() const override { return "residual"; }
  std::size_t input_size() const override { return element_count(input_); }
  std::size_t output_size() const override { return element_count(output_); }
  Shape output_shape() const override { return output_; }
  std::vector<ParameterInfo> parameters() const override;
  std::vector<ParameterInfo> state() const override;
  void bind(std::span<float> params, std::span<float> grads) override;
  void bind_state(std::span<float> state) override;
  void initialize(Rng& rng) override;
  void set_training(bool training) override;
  void forward(std::span<const float> x, std::span<float> y, std::size_t batch) override;
  void backward(std::span<const float> x, std::span<const float> y, std::span<const float> dy,
                std::span<float> dx, std::size_t batch) override;

  std::size_t body_size() const { return body_.size(); }
  const Layer& body_layer(std::size_t i) const { return *body_.at(i); }
  bool has_projection() const { return projection_ != nullptr; }

private:
  // Body layers then the projection, if any.
  std::vector<Layer*> children() const;

  Shape input_, output_;
  std::vector<std::unique_ptr<Layer>> body_;
  std::unique_ptr<Layer> projection_;
  std::vector<std::vector<float>> activations_;  // body outputs of the last forward
  std::vector<float> projected_, grad_a_, grad_b_, skip_grad_;
};

}  // namespace glassbox
