#include "glassbox/layers/residual.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/image_layers.hpp"
#include "glassbox/layers/layer_factory.hpp"

namespace glassbox {

Residual::Residual(const Shape& input, const std::vector<LayerSpec>& body) : input_(input) {
  require(!body.empty(), "a residual block needs at least one layer in \"layers\"");
  Shape shape = input;
  for (std::size_t i = 0; i < body.size(); ++i) {
    try {
      body_.push_back(make_layer(body[i], shape));
    } catch (const Error& e) {
      throw Error("residual layer " + std::to_string(i) + ": " + e.what());
    }
    shape = body_.back()->output_shape();
  }
  output_ = shape;
  if (output_ == input_) return;
  if (input_.size() == 3 && output_.size() == 3 && output_[1] > 0 && input_[1] % output_[1] == 0 &&
      input_[1] / output_[1] == input_[2] / output_[2]) {
    const std::size_t stride = input_[1] / output_[1];
    projection_ = std::make_unique<Conv2D>(input_, output_[0], 1, stride, 0, Init::xavier_uniform);
    require(projection_->output_shape() == output_,
            "residual projection cannot match " + shape_to_string(output_));
  } else if (output_.size() == 1) {
    projection_ = std::make_unique<Dense>(element_count(input_), output_[0], Init::xavier_uniform);
  } else {
    throw Error("residual body turns " + shape_to_string(input_) + " into " +
                shape_to_string(output_) + ", which no projection can bridge");
  }
}

std::vector<Layer*> Residual::children() const {
  std::vector<Layer*> all;
  for (const auto& layer : body_) all.push_back(layer.get());
  if (projection_) all.push_back(projection_.get());
  return all;
}

namespace {

std::vector<ParameterInfo> prefixed(const std::vector<Layer*>& children, std::size_t body,
                                    bool state) {
  std::vector<ParameterInfo> all;
  for (std::size_t i = 0; i < children.size(); ++i) {
    const std::string prefix = i < body ? "body." + std::to_string(i) + "." : "projection.";
    for (auto p : state ? children[i]->state() : children[i]->parameters()) {
      p.name = prefix + p.name;
      all.push_back(p);
    }
  }
  return all;
}

}  // namespace

std::vector<ParameterInfo> Residual::parameters() const {
  return prefixed(children(), body_.size(), false);
}

std::vector<ParameterInfo> Residual::state() const {
  return prefixed(children(), body_.size(), true);
}

void Residual::bind(std::span<float> params, std::span<float> grads) {
  std::size_t offset = 0;
  for (Layer* child : children()) {
    const std::size_t n = child->parameter_count();
    child->bind(params.subspan(offset, n), grads.subspan(offset, n));
    offset += n;
  }
}

void Residual::bind_state(std::span<float> state) {
  std::size_t offset = 0;
  for (Layer* child : children()) {
    const std::size_t n = child->state_count();
    child->bind_state(state.subspan(offset, n));
    offset += n;
  }
}

void Residual::initialize(Rng& rng) {
  for (Layer* child : children()) child->initialize(rng);
}

void Residual::set_training(bool training) {
  for (Layer* child : children()) child->set_training(training);
}

// y = F(x) + P(x)
void Residual::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  activations_.resize(body_.size());
  std::span<const float> a = x.first(batch * input_size());
  for (std::size_t k = 0; k < body_.size(); ++k) {
    activations_[k].resize(batch * body_[k]->output_size());
    body_[k]->forward(a, activations_[k], batch);
    a = activations_[k];
  }
  const std::size_t n = batch * output_size();
  if (projection_) {
    projected_.resize(n);
    projection_->forward(x, projected_, batch);
    for (std::size_t i = 0; i < n; ++i) y[i] = a[i] + projected_[i];
  } else {
    for (std::size_t i = 0; i < n; ++i) y[i] = a[i] + x[i];
  }
}

void Residual::backward(std::span<const float> x, std::span<const float> /*y*/,
                        std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const std::size_t in = batch * input_size();
  // Body path, from the top down; the bottom layer writes into dx directly.
  grad_a_.assign(dy.begin(), dy.begin() + static_cast<std::ptrdiff_t>(batch * output_size()));
  for (std::size_t k = body_.size(); k-- > 0;) {
    const std::span<const float> input =
        k == 0 ? x.first(in) : std::span<const float>(activations_[k - 1]);
    std::span<float> down;
    if (k > 0) {
      grad_b_.resize(batch * body_[k]->input_size());
      down = grad_b_;
    } else if (!dx.empty()) {
      down = dx.first(in);
    }
    body_[k]->backward(input, activations_[k], grad_a_, down, batch);
    if (k > 0) std::swap(grad_a_, grad_b_);
  }
  // Skip path: added onto dx.
  if (projection_) {
    skip_grad_.resize(dx.empty() ? 0 : in);
    projection_->backward(x, projected_, dy, skip_grad_, batch);
    if (!dx.empty())
      for (std::size_t i = 0; i < in; ++i) dx[i] += skip_grad_[i];
  } else if (!dx.empty()) {
    for (std::size_t i = 0; i < in; ++i) dx[i] += dy[i];
  }
}

}  // namespace glassbox
