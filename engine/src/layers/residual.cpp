#include "glassbox/layers/residual.hpp"

#include <algorithm>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/conv2d.hpp"
#include "glassbox/layers/dense.hpp"

namespace glassbox {
namespace {

std::vector<std::unique_ptr<Layer>> build_body(const Shape& input,
                                               const std::vector<LayerSpec>& body) {
  require(!body.empty(), "a residual block needs at least one layer in \"layers\"");
  std::vector<std::unique_ptr<Layer>> layers;
  Shape shape = input;
  for (std::size_t i = 0; i < body.size(); ++i) {
    try {
      layers.push_back(make_layer(body[i], shape));
    } catch (const Error& e) {
      throw Error("residual layer " + std::to_string(i) + ": " + e.what());
    }
    shape = layers.back()->output_shape();
  }
  return layers;
}

}  // namespace

LayerType Residual::type_info() {
  return {"residual",
          "y = F(x) + x: a body of layers with a skip connection around it",
          {{.name = "layers",
            .kind = FieldKind::layers,
            .help = "the list of layers in its body",
            .required = true}},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Residual>(input, s.layers);
          }};
}

Residual::Residual(const Shape& input, const std::vector<LayerSpec>& body)
    : Residual(input, build_body(input, body)) {}

Residual::Residual(const Shape& input, std::vector<std::unique_ptr<Layer>> body)
    : Layer(input, body.back()->output_shape()), body_(std::move(body)) {
  add_projection();
  for (const auto& layer : body_) children_.push_back(layer.get());
  if (projection_) children_.push_back(projection_.get());
}

void Residual::add_projection() {
  const Shape& input = input_shape();
  const Shape& out = output_shape();
  if (out == input) return;
  const bool same_leading =
      out.size() == input.size() && std::equal(input.begin(), input.end() - 1, out.begin());
  if (input.size() == 3 && out.size() == 3 && out[1] > 0 && input[1] % out[1] == 0 &&
      input[1] / out[1] == input[2] / out[2]) {
    const std::size_t stride = input[1] / out[1];
    projection_ = std::make_unique<Conv2D>(input, out[0], 1, stride, 0, Init::xavier_uniform);
    require(projection_->output_shape() == out,
            "residual projection cannot match " + shape_to_string(out));
  } else if (same_leading && input.size() != 3) {
    projection_ = std::make_unique<Dense>(input, out.back(), Init::xavier_uniform);
  } else {
    throw Error("residual body turns " + shape_to_string(input) + " into " + shape_to_string(out) +
                ", which no projection can bridge");
  }
}

LayerSpec Residual::spec() const {
  LayerSpec s{"residual"};
  for (const auto& layer : body_) s.layers.push_back(layer->spec());
  return s;
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

std::size_t Residual::largest_io(std::size_t batch) const {
  std::size_t largest = input_size();
  for (const auto& layer : body_) largest = std::max(largest, layer->output_size());
  return batch * largest;
}

std::size_t Residual::cache_size(std::size_t batch) const {
  std::size_t total = projection_ ? batch * output_size() : 0;
  for (const auto& layer : body_) total += batch * layer->output_size();
  for (const Layer* child : children()) total += child->cache_size(batch);
  return total;
}

std::size_t Residual::workspace_size(std::size_t batch) const {
  std::size_t children_workspace = 0;
  for (const Layer* child : children())
    children_workspace = std::max(children_workspace, child->workspace_size(batch));
  return 2 * largest_io(batch) + (projection_ ? batch * input_size() : 0) + children_workspace;
}

void Residual::bind_buffers(std::span<float> cache, std::span<float> workspace, std::size_t batch) {
  batch_ = batch;
  std::size_t at = 0;
  const auto take = [&](std::span<float> from, std::size_t& pos, std::size_t n) {
    const auto view = from.subspan(pos, n);
    pos += n;
    return view;
  };
  outputs_.clear();
  for (const auto& layer : body_)
    outputs_.push_back(take(cache, at, batch_ * layer->output_size()));
  projected_ = projection_ ? take(cache, at, batch_ * output_size()) : std::span<float>();
  std::size_t w = 0;
  const std::size_t io = largest_io(batch_);
  grad_a_ = take(workspace, w, io);
  grad_b_ = take(workspace, w, io);
  skip_grad_ = projection_ ? take(workspace, w, batch_ * input_size()) : std::span<float>();
  const std::span<float> shared = workspace.subspan(w);
  for (Layer* child : children()) {
    const std::size_t n = child->cache_size(batch_);
    child->bind_buffers(take(cache, at, n), shared.first(child->workspace_size(batch_)), batch_);
  }
}

// y = F(x) + P(x)
void Residual::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  std::span<const float> a = x.first(batch * input_size());
  for (std::size_t k = 0; k < body_.size(); ++k) {
    body_[k]->forward(a, outputs_[k], batch);
    a = outputs_[k];
  }
  const std::size_t n = batch * output_size();
  if (projection_) {
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
  std::span<float> upper = grad_a_, lower = grad_b_;
  std::copy_n(dy.begin(), batch * output_size(), upper.begin());
  for (std::size_t k = body_.size(); k-- > 0;) {
    const std::span<const float> input =
        k == 0 ? x.first(in) : std::span<const float>(outputs_[k - 1]);
    std::span<float> down;
    if (k > 0) {
      down = lower.first(batch * body_[k]->input_size());
    } else if (!dx.empty()) {
      down = dx.first(in);
    }
    body_[k]->backward(input, outputs_[k], upper.first(batch * body_[k]->output_size()), down,
                       batch);
    if (k > 0) std::swap(upper, lower);
  }
  // Skip path: added onto dx.
  if (projection_) {
    const auto skip = dx.empty() ? std::span<float>() : skip_grad_.first(in);
    projection_->backward(x, projected_, dy, skip, batch);
    if (!dx.empty())
      for (std::size_t i = 0; i < in; ++i) dx[i] += skip[i];
  } else if (!dx.empty()) {
    for (std::size_t i = 0; i < in; ++i) dx[i] += dy[i];
  }
}

std::vector<Internal> Residual::internals(std::span<const float> x, std::span<const float>,
                                          std::size_t batch) const {
  std::vector<Internal> all;
  std::span<const float> a = x;
  for (std::size_t k = 0; k < body_.size(); ++k) {
    const std::string prefix = "body." + std::to_string(k) + ".";
    const std::span<const float> out =
        std::span<const float>(outputs_[k]).first(batch * body_[k]->output_size());
    all.push_back({prefix + "output", body_[k]->output_shape(), out});
    for (auto inner : body_[k]->internals(a, out, batch)) {
      inner.name = prefix + inner.name;
      all.push_back(std::move(inner));
    }
    a = out;
  }
  all.push_back({"skip", output_shape(),
                 projection_ ? std::span<const float>(projected_).first(batch * output_size())
                             : x.first(batch * input_size())});
  return all;
}

}  // namespace glassbox

namespace glassbox {

namespace {

constexpr const char* residual_class = R"(class Residual(nn.Module):
    """y = F(x) + P(x): the body F, and P the projection or (None) the identity."""

    def __init__(self, body, projection=None):
        super().__init__()
        self.body = body
        self.projection = projection

    def forward(self, x):
        skip = x if self.projection is None else self.projection(x)
        return self.body(x) + skip)";

// Indents every line after the first by four spaces (a nested module's code).
std::string indented(const std::string& code) {
  std::string out;
  for (char c : code) {
    out += c;
    if (c == '\n') out += "    ";
  }
  return out;
}

// A child's module, with its transposed tensors and helpers taken in under `prefix`.
std::string adopt(TorchModule& parent, const Layer& child, const std::string& prefix) {
  TorchModule module = child.to_torch();
  for (const auto& t : module.transposed) parent.transposed.push_back(prefix + t);
  for (auto& h : module.helpers) parent.helpers.push_back(std::move(h));
  return module.code;
}

}  // namespace

TorchModule Residual::to_torch() const {
  TorchModule module{"", {}, {residual_class}};
  std::string body = "nn.Sequential(";
  for (std::size_t k = 0; k < body_.size(); ++k) {
    const std::string prefix = "body." + std::to_string(k) + ".";
    try {
      body += "\n    " + indented(adopt(module, *body_[k], prefix)) + ",";
    } catch (const Error& e) {
      throw Error("residual layer " + std::to_string(k) + ": " + e.what());
    }
  }
  body += "\n)";
  std::string projection;
  if (projection_) projection = ", " + adopt(module, *projection_, "projection.");
  module.code = "Residual(" + body + projection + ")";
  return module;
}

std::string Residual::to_onnx(OnnxGraph& graph, const std::string& input) const {
  std::string a = input;
  for (std::size_t k = 0; k < body_.size(); ++k) {
    graph.push_scope("body." + std::to_string(k) + ".");
    try {
      a = body_[k]->to_onnx(graph, a);
    } catch (const Error& e) {
      graph.pop_scope();
      throw Error("residual layer " + std::to_string(k) + ": " + e.what());
    }
    graph.pop_scope();
  }
  std::string skip = input;
  if (projection_) {
    graph.push_scope("projection.");
    skip = projection_->to_onnx(graph, input);
    graph.pop_scope();
  }
  return graph.add("Add", {a, skip}, "output");
}

}  // namespace glassbox
