// `glassbox export --to pytorch`: the model as a self-contained Python module.
#include <algorithm>
#include <string>

#include "glassbox/core/error.hpp"
#include "glassbox/export/export.hpp"
#include "glassbox/io/safetensors.hpp"
#include "glassbox/kernels/loss.hpp"
#include "glassbox/layers/export.hpp"

namespace glassbox {
namespace {

// A Python string literal ("..."): the architecture JSON has no newlines, but
// may hold quotes and backslashes.
std::string python_string(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '\\' || c == '"') out += '\\';
    out += c;
  }
  return out + "\"";
}

// (784,) or (1, 28, 28)
std::string python_tuple(const Shape& shape) {
  std::string out;
  for (std::size_t d : shape) out += (out.empty() ? "" : ", ") + std::to_string(d);
  return "(" + out + (shape.size() == 1 ? ",)" : ")");
}

// Indents every line after the first by `by`.
std::string indent(const std::string& code, const std::string& by) {
  std::string out;
  for (char c : code) {
    out += c;
    if (c == '\n') out += by;
  }
  return out;
}

std::string output_note(LossKind loss) {
  switch (loss) {
    case LossKind::softmax_cross_entropy:
      return "logits (softmax gives the probabilities; nn.CrossEntropyLoss trains them)";
    case LossKind::binary_cross_entropy:
      return "logits (sigmoid gives the probabilities; nn.BCEWithLogitsLoss trains them)";
    default:
      return "the predictions themselves";
  }
}

constexpr const char* io_functions = R"PY(

def read_safetensors(path):
    """The tensors of a .safetensors file as float32 numpy arrays, and its __metadata__."""
    with open(path, "rb") as f:
        data = f.read()
    (length,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + length])
    metadata = header.pop("__metadata__", {})
    start = 8 + length
    tensors = {}
    for name, entry in header.items():
        if entry["dtype"] != "F32":
            raise ValueError(f"{path}: tensor {name} is {entry['dtype']}; expected F32")
        begin, end = entry["data_offsets"]
        raw = data[start + begin : start + end]
        tensors[name] = np.frombuffer(raw, dtype="<f4").reshape(entry["shape"])
    return tensors, metadata


def write_safetensors(path, tensors, metadata):
    """Writes float32 numpy arrays (by name) and a metadata dict as .safetensors."""
    header = {"__metadata__": metadata}
    offset = 0
    for name, array in tensors.items():
        header[name] = {"dtype": "F32", "shape": list(array.shape),
                        "data_offsets": [offset, offset + array.nbytes]}
        offset += array.nbytes
    text = json.dumps(header).encode()
    text += b" " * (-len(text) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)))
        f.write(text)
        for array in tensors.values():
            f.write(np.ascontiguousarray(array, dtype="<f4").tobytes())


def load(path):
    """A GlassboxModel in eval mode holding the weights of a Glassbox model file."""
    tensors, metadata = read_safetensors(path)
    if json.loads(metadata.get("architecture", "null")) != json.loads(ARCHITECTURE):
        raise ValueError(f"{path} is not a model of the architecture this module was exported for")
    model = GlassboxModel()
    state = model.state_dict()
    for name, shape in TENSORS.items():
        if name not in tensors:
            raise ValueError(f"{path} has no tensor {name}")
        array = tensors[name]
        if tuple(array.shape) != shape:
            raise ValueError(f"{path}: {name} is {tuple(array.shape)}, expected {shape}")
        state[name] = torch.from_numpy(array.T.copy() if name in TRANSPOSED else array.copy())
    # Every tensor the module saves and loads comes from the file (a fixed table,
    # such as a sinusoidal positional encoding, is a non-persistent buffer).
    unset = [name for name, t in state.items() if t.is_floating_point() and name not in TENSORS]
    if unset:
        raise ValueError(f"no Glassbox tensor for {', '.join(unset)}")
    model.load_state_dict(state)
    return model.eval()


def save(model, path):
    """Writes the model's weights as a Glassbox model file, which Glassbox opens."""
    state = model.state_dict()
    tensors = {}
    for name, shape in TENSORS.items():
        array = state[name].detach().cpu().to(torch.float32).numpy()
        tensors[name] = array.T if name in TRANSPOSED else array
        if tuple(tensors[name].shape) != shape:
            raise ValueError(f"{name} is {tuple(tensors[name].shape)}, expected {shape}")
    metadata = {"format": "glassbox", "format_version": FORMAT_VERSION,
                "architecture": ARCHITECTURE}
    write_safetensors(path, tensors, metadata)
)PY";

}  // namespace

std::string export_pytorch(const Model& model, const std::string& model_file) {
  std::vector<std::string> helpers, transposed;
  std::string layers;
  for (std::size_t i = 0; i < model.layer_count(); ++i) {
    const Layer& layer = model.layer(i);
    TorchModule module;
    try {
      module = layer.to_torch();
    } catch (const Error& e) {
      throw Error("layer " + std::to_string(i) + ": " + e.what());
    }
    const std::string prefix = "layers." + std::to_string(i) + ".";
    for (const auto& t : module.transposed) transposed.push_back(prefix + t);
    for (const auto& h : module.helpers)
      if (std::find(helpers.begin(), helpers.end(), h) == helpers.end()) helpers.push_back(h);
    layers += "            " + indent(module.code, "            ") + ",  # layer " +
              std::to_string(i) + ": " + std::string(layer.type()) + "\n";
  }

  const Architecture& arch = model.architecture();
  std::string out;
  out +=
      "\"\"\"A Glassbox model as a PyTorch module (written by `glassbox export --to pytorch`).\n\n";
  out += "    model = load(" + python_string(model_file) + ")  # a GlassboxModel in eval mode\n";
  out += "    y = model(x)  # x: (N, *INPUT_SHAPE) float32 -> y: (N, *OUTPUT_SHAPE)\n";
  out += "    save(model, \"tuned.safetensors\")  # a Glassbox model file again\n\n";
  out += "y holds the engine's raw outputs:\n" + output_note(arch.loss) + ".\n";
  out += "Per-sample shapes are Glassbox's, features last: (D), (T, D) or (C, H, W);\n";
  out += "an image batch is (N, C, H, W), as PyTorch expects. Needs torch and numpy only.\n";
  out +=
      "\"\"\"\nimport json\nimport math\nimport struct\n\nimport numpy as np\nimport torch\nfrom "
      "torch import nn\n\n";
  out += "ARCHITECTURE = " + python_string(arch.to_json()) + "\n";
  out += "FORMAT_VERSION = \"" + std::to_string(model_format_version) + "\"\n";
  out += "LOSS = \"" + loss_name(arch.loss) + "\"\n";
  out += "INPUT_SHAPE = " + python_tuple(model.input_shape()) + "\n";
  out += "OUTPUT_SHAPE = " + python_tuple(model.output_shape()) + "\n";
  out += "# Every tensor of the Glassbox model file, with its shape there.\nTENSORS = {\n";
  for (const auto& t : model.named_tensors())
    out += "    \"" + t.name + "\": " + python_tuple(t.shape) + ",\n";
  out += "}\n";
  out +=
      "# The one place the layouts differ: Glassbox keeps a dense weight W as\n"
      "# (in, out) and computes y = x W + b; nn.Linear keeps (out, in) and computes\n"
      "# x W^T + b. load() transposes these tensors on the way in, save() on the way out.\n"
      "TRANSPOSED = ";
  std::string names;
  for (const auto& t : transposed) names += (names.empty() ? "" : ", ") + python_string(t);
  out += (names.empty() ? "set()" : "{" + names + "}") + "\n";
  for (const auto& h : helpers) out += "\n\n" + h + "\n";
  out +=
      "\n\nclass GlassboxModel(nn.Module):\n    def __init__(self):\n"
      "        super().__init__()\n        self.layers = nn.Sequential(\n";
  out += layers;
  out += "        )\n\n    def forward(self, x):\n        return self.layers(x)\n";
  out += io_functions;
  return out;
}

}  // namespace glassbox
