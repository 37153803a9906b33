#include "glassbox/layers/dense.hpp"

#include "glassbox/core/error.hpp"
#include "glassbox/kernels/dense_activation.hpp"
#include "glassbox/kernels/matmul.hpp"
#include "glassbox/layers/activation.hpp"

namespace glassbox {
namespace {

Shape dense_output(const Shape& input, std::size_t units) {
  require(!input.empty(), "dense needs an input with at least one axis");
  Shape output = input;
  output.back() = units;
  return output;
}

}  // namespace

LayerType Dense::type_info() {
  return {"dense",
          "y = x·W + b on the last axis (every time step or row alike)",
          {{.name = "units",
            .kind = FieldKind::count,
            .help = "a positive whole number: the size of the output",
            .required = true,
            .min = 1,
            .max = 65536},
           init_field()},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Dense>(input, s.count("units"), parse_init(s.text("init")));
          }};
}

Dense::Dense(const Shape& input, std::size_t units, Init init)
    : Layer(input, dense_output(input, units)),
      inputs_(last_dim(input)),
      outputs_(units),
      rows_per_sample_(row_count(input)),
      init_(init) {
  checked_multiply(inputs_, outputs_, "dense weight");
}

LayerSpec Dense::spec() const {
  return {"dense", {{"units", static_cast<double>(outputs_)}, {"init", init_name(init_)}}};
}

std::vector<ParameterInfo> Dense::parameters() const {
  return {{"weight", {inputs_, outputs_}, true}, {"bias", {outputs_}, false}};
}

void Dense::bind(std::span<float> params, std::span<float> grads) {
  weight_ = params.subspan(0, inputs_ * outputs_);
  bias_ = params.subspan(inputs_ * outputs_, outputs_);
  weight_grad_ = grads.subspan(0, inputs_ * outputs_);
  bias_grad_ = grads.subspan(inputs_ * outputs_, outputs_);
}

void Dense::initialize(Rng& rng) {
  initialize_weights(init_, weight_, inputs_, outputs_, rng);
  for (float& b : bias_) b = 0.0f;
}

// x: (R, in), W: (in, out) → y: (R, out) = x · W + b
void Dense::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  const std::size_t rows = batch * rows_per_sample_;
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t o = 0; o < outputs_; ++o) y[r * outputs_ + o] = bias_[o];
  gemm_nn(x, weight_, y, {rows, inputs_, outputs_}, /*accumulate=*/true);
}

// x: (R, in) → y = x · W + b and next_y = f(y), when next is relu or leaky_relu.
bool Dense::forward_with_next(std::span<const float> x, std::span<float> y, const Layer& next,
                              std::span<float> next_y, std::size_t batch) {
  const Activation* activation = fusable_activation_layer(next);
  if (!activation) return false;
  dense_activation_forward(x, weight_, bias_, y, next_y,
                           {batch * rows_per_sample_, inputs_, outputs_}, activation->kind(),
                           activation->alpha());
  return true;
}

// dy: (R, out) → dW += xᵀ·dy (in, out), db += Σ_r dy (out), dx = dy·Wᵀ (R, in)
void Dense::backward(std::span<const float> x, std::span<const float> /*y*/,
                     std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  const std::size_t rows = batch * rows_per_sample_;
  gemm_tn(x, dy, weight_grad_, {inputs_, rows, outputs_}, /*accumulate=*/true);
  for (std::size_t r = 0; r < rows; ++r)
    for (std::size_t o = 0; o < outputs_; ++o) bias_grad_[o] += dy[r * outputs_ + o];
  if (!dx.empty()) gemm_nt(dy, weight_, dx, {rows, outputs_, inputs_}, /*accumulate=*/false);
}

}  // namespace glassbox

namespace glassbox {

// The one layout difference of a dense layer: our W is (in, out) so that
// y = x·W; nn.Linear keeps (out, in) and computes x·Wᵀ. The weight is
// transposed when the file is read into PyTorch and back when it is saved.
TorchModule Dense::to_torch() const {
  return {"nn.Linear(" + std::to_string(inputs_) + ", " + std::to_string(outputs_) + ")",
          {"weight"}};
}

// ONNX MatMul takes W as it is, (in, out), and acts on the last axis of any rank.
std::string Dense::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto d = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  const std::string w = graph.initializer("weight", {d(inputs_), d(outputs_)}, weight_);
  const std::string b = graph.initializer("bias", {d(outputs_)}, bias_);
  return graph.add("Add", {graph.add("MatMul", {input, w}, "matmul"), b}, "output");
}

}  // namespace glassbox
