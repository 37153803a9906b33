#include "glassbox/layers/embedding.hpp"

#include <algorithm>
#include <cmath>

#include "glassbox/core/error.hpp"
#include "glassbox/layers/export.hpp"

namespace glassbox {

LayerType Embedding::type_info() {
  return {"embedding",
          "y[t] = W[id_t]: token ids (T) to vectors (T, D) by table lookup",
          {{.name = "vocabulary",
            .kind = FieldKind::count,
            .help = "how many token ids there are (ids run from 0 to vocabulary − 1)",
            .required = true,
            .min = 1,
            .max = 1 << 20},
           {.name = "dimension",
            .kind = FieldKind::count,
            .help = "the length D of each token's vector",
            .required = true,
            .min = 1,
            .max = 65536}},
          [](const LayerSpec& s, const Shape& input) -> std::unique_ptr<Layer> {
            return std::make_unique<Embedding>(input, s.count("vocabulary"), s.count("dimension"));
          }};
}

Embedding::Embedding(const Shape& input, std::size_t vocabulary, std::size_t dimension)
    : Layer(input, {input.size() == 1 ? input[0] : 0, dimension}),
      tokens_(input.size() == 1 ? input[0] : 0),
      vocabulary_(vocabulary),
      dimension_(dimension) {
  require(input.size() == 1 && tokens_ > 0,
          "embedding needs token ids of shape [T] (an architecture with \"vocabulary\"), got " +
              shape_to_string(input));
  checked_multiply(vocabulary_, dimension_, "embedding table");
}

LayerSpec Embedding::spec() const {
  return {"embedding",
          {{"vocabulary", static_cast<double>(vocabulary_)},
           {"dimension", static_cast<double>(dimension_)}}};
}

std::vector<ParameterInfo> Embedding::parameters() const {
  return {{"weight", {vocabulary_, dimension_}, true}};
}

void Embedding::bind(std::span<float> params, std::span<float> grads) {
  weight_ = params.first(vocabulary_ * dimension_);
  weight_grad_ = grads.first(vocabulary_ * dimension_);
}

// N(0, 1), as nn.Embedding.
void Embedding::initialize(Rng& rng) {
  for (float& w : weight_) w = static_cast<float>(rng.normal());
}

std::size_t Embedding::id_at(std::span<const float> x, std::size_t i) const {
  const float id = x[i];
  if (!(id >= 0.0f && id < static_cast<float>(vocabulary_) && id == std::floor(id))) {
    throw Error("embedding: token " + std::to_string(i % tokens_) + " of sample " +
                std::to_string(i / tokens_) + " is " + std::to_string(id) +
                "; token ids must be whole numbers in [0, " + std::to_string(vocabulary_) + ")");
  }
  return static_cast<std::size_t>(id);
}

void Embedding::forward(std::span<const float> x, std::span<float> y, std::size_t batch) {
  for (std::size_t i = 0; i < batch * tokens_; ++i) {
    const std::size_t id = id_at(x, i);
    std::copy_n(weight_.begin() + static_cast<std::ptrdiff_t>(id * dimension_), dimension_,
                y.begin() + static_cast<std::ptrdiff_t>(i * dimension_));
  }
}

void Embedding::backward(std::span<const float> x, std::span<const float> /*y*/,
                         std::span<const float> dy, std::span<float> dx, std::size_t batch) {
  for (std::size_t i = 0; i < batch * tokens_; ++i) {
    float* row = weight_grad_.data() + id_at(x, i) * dimension_;
    for (std::size_t d = 0; d < dimension_; ++d) row[d] += dy[i * dimension_ + d];
  }
  if (!dx.empty()) std::fill_n(dx.begin(), batch * tokens_, 0.0f);
}

}  // namespace glassbox

namespace glassbox {
namespace {

constexpr const char* embedding_class = R"PY(class TokenEmbedding(nn.Embedding):
    """y[n, t] = weight[x[n, t]]: token ids (N, T), float32 whole numbers in
    [0, V) as Glassbox feeds them, to vectors (N, T, D)."""

    def forward(self, x):
        ids = x.long()
        if not torch.equal(ids.to(x.dtype), x) or bool((ids < 0).any() | (ids >= self.num_embeddings).any()):
            raise ValueError(f"token ids must be whole numbers in [0, {self.num_embeddings})")
        return super().forward(ids))PY";

}  // namespace

TorchModule Embedding::to_torch() const {
  return {"TokenEmbedding(" + std::to_string(vocabulary_) + ", " + std::to_string(dimension_) + ")",
          {},
          {embedding_class}};
}

// ids (N, T), float32 as Glassbox feeds them → Cast to int64 → Gather rows
// of W (V, D) on axis 0 → (N, T, D). The graph keeps the model's float input
// so that every exported model has the same interface; a whole-number float
// casts exactly. Unlike the engine, ONNX does not check the ids: Gather
// refuses an id ≥ V, but reads a negative id from the end of the table (as
// Python does) and Cast truncates a fraction; feed whole numbers in [0, V).
std::string Embedding::to_onnx(OnnxGraph& graph, const std::string& input) const {
  const auto d = [](std::size_t n) { return static_cast<std::int64_t>(n); };
  const std::string table = graph.initializer("weight", {d(vocabulary_), d(dimension_)}, weight_);
  const std::string ids = graph.add("Cast", {input}, "ids", {onnx_int("to", onnx_int64_type)});
  return graph.add("Gather", {table, ids}, "output", {onnx_int("axis", 0)});
}

}  // namespace glassbox
