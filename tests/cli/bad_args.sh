#!/usr/bin/env bash
# Issue 13, part 5: a table of bad CLI invocations, run against the ASan +
# UBSan build (build/native-debug). Each must exit non-zero (and below 128:
# not a signal) within 20 s, print exactly the expected first line, and never
# print a sanitizer report.
# Usage: bad_args.sh path/to/glassbox        (GLASSBOX_PRINT=1: print actual lines)
set -uo pipefail
glassbox=$(realpath "$1")
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$root/web/public/models/mnist-mlp.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0
export UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1
passed=0 failed=0

# bad "exact first line of the output" args...
bad() {
  local expected=$1
  shift
  local output status first
  output=$(cd "$tmp" && timeout 20 "$glassbox" "$@" 2>&1 </dev/null)
  status=$?
  first=$(head -n 1 <<<"$output")
  if [ -n "${GLASSBOX_PRINT:-}" ]; then
    printf '%s\t%s\t%s\n' "$status" "$*" "$first"
    return
  fi
  if [ $status -ne 0 ] && [ $status -lt 124 ] && [ "$first" = "$expected" ] &&
    ! grep -qE 'Sanitizer|runtime error:|internal error' <<<"$output"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: glassbox $*"
    echo "  exit $status; expected: $expected"
    echo "  output: $(head -c 2000 <<<"$output")"
  fi
}

# Hostile files, written here so the table reads on its own.
python3 - "$tmp" "$model" <<'PY'
import json, struct, sys
tmp, model = sys.argv[1], sys.argv[2]
def write(name, data):
    open(f"{tmp}/{name}", "wb").write(data)
def st(header, data=b""):
    text = json.dumps(header).encode()
    return struct.pack("<Q", len(text)) + text + data
def meta(arch, version="2"):
    return {"format": "glassbox", "format_version": version, "architecture": json.dumps(arch)}
small = {"input": 3, "layers": [{"type": "dense", "units": 2}]}
tensors = {"layers.0.weight": {"dtype": "F32", "shape": [3, 2], "data_offsets": [0, 24]},
           "layers.0.bias": {"dtype": "F32", "shape": [2], "data_offsets": [24, 32]}}
write("garbage.safetensors", b"not a model at all")
write("empty.safetensors", b"")
good = open(model, "rb").read()
write("truncated.safetensors", good[:len(good) // 2])
write("small.safetensors", st({"__metadata__": meta(small), **tensors}, bytes(32)))
write("version-number.safetensors",
      st({"__metadata__": {**meta(small), "format_version": 2}, **tensors}, bytes(32)))
write("version-9.safetensors", st({"__metadata__": meta(small, "9"), **tensors}, bytes(32)))
frac = json.loads(json.dumps(tensors)); frac["layers.0.bias"]["shape"] = [64.9]
write("fractional.safetensors", st({"__metadata__": meta(small), **frac}, bytes(32)))
f64 = json.loads(json.dumps(tensors)); f64["layers.0.bias"]["dtype"] = "F64"
write("f64.safetensors", st({"__metadata__": meta(small), **f64}, bytes(32)))
lap = json.loads(json.dumps(tensors)); lap["layers.0.bias"]["data_offsets"] = [16, 24]
write("overlap.safetensors", st({"__metadata__": meta(small), **lap}, bytes(32)))
extra = {**tensors, "layers.5.weight": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}
write("extra.safetensors", st({"__metadata__": meta(small), **extra}, bytes(32)))
write("wrapping.safetensors", st({"__metadata__": meta(
    {"input": [1, 2147483649, 784], "layers": [{"type": "dense", "units": 2}]})}))
write("huge-arch.safetensors", st({"__metadata__": meta(
    {"input": 1000, "layers": [{"type": "dense", "units": 65536}]})}))
deep = b'{"__metadata__": {"x": ' + b"[" * 200000 + b"]" * 200000 + b"}}"
write("deep.safetensors", struct.pack("<Q", len(deep)) + deep)
write("huge-header.safetensors", b"\xff" * 16)
write("not-glassbox.safetensors", st({"__metadata__": {"format": "pt"}}))
open(f"{tmp}/garbage.json", "w").write("{not json")
open(f"{tmp}/unknown-field.json", "w").write(json.dumps({**small, "colour": "red"}))
open(f"{tmp}/wrapping.json", "w").write(json.dumps(
    {"input": [1, 2147483649, 784], "layers": [{"type": "dense", "units": 2}]}))
nest = '{"type": "relu"}'
for _ in range(20000):
    nest = '{"type": "residual", "layers": [' + nest + ']}'
open(f"{tmp}/deep.json", "w").write('{"input": 4, "layers": [' + nest + ']}')
open(f"{tmp}/big.json", "w").write(json.dumps(small) + " " * (2 << 20))
import os
os.makedirs(f"{tmp}/bad-idx")
for name in ["t10k-images-idx3-ubyte", "train-images-idx3-ubyte"]:
    write(f"bad-idx/{name}", bytes([0, 0, 0x0D, 3, 0, 0, 0, 1, 0, 0, 0, 28, 0, 0, 0, 28]))
for name in ["t10k-labels-idx1-ubyte", "train-labels-idx1-ubyte"]:
    write(f"bad-idx/{name}", bytes([0, 0, 8, 1, 0, 0, 0, 1, 7]))
os.makedirs(f"{tmp}/short-idx")
for name in ["t10k-images-idx3-ubyte", "train-images-idx3-ubyte"]:
    write(f"short-idx/{name}", bytes([0, 0, 8, 3, 0, 0, 0, 2, 0, 0, 0, 28, 0, 0, 0, 28]) + bytes(10))
for name in ["t10k-labels-idx1-ubyte", "train-labels-idx1-ubyte"]:
    write(f"short-idx/{name}", bytes([0, 0, 8, 1, 0, 0, 0, 2, 7, 1]))
PY
mkfifo "$tmp/fifo"
mkdir "$tmp/empty-dir"

# ---- the table ----
T=$tmp
bad "A subcommand is required" 
bad "A subcommand is required" frobnicate
bad "The following argument was not expected: --bogus" train --bogus
bad "--epochs: Value 0 not in range 1 to 100000" train xor --epochs 0
bad "--epochs: Value -3 not in range 1 to 100000" train xor --epochs -3
bad "--epochs: Value abc not in range 1 to 100000" train xor --epochs abc
bad "--lr: Value 0 not in range 0.000000 to 10.000000" train xor --lr 0
bad "--lr: Value 100 not in range 0.000000 to 10.000000" train xor --lr 100
bad "error: learning rate must be a number in (0, 10], got nan" train xor --lr nan
bad "--batch: Value 0 not in range 1 to 65536" train xor --batch 0
bad "--batch: Value 99999999 not in range 1 to 65536" train xor --batch 99999999
bad "--seed: must be a whole number of 0 or more, got '-1'" train xor --seed -1
bad "--seed: must be a whole number of 0 or more, got 'abc'" train xor --seed abc
bad "--momentum: Value 2 not in range 0.000000 to 0.999000" train xor --momentum 2
bad "--dropout: Value 1 not in range 0.000000 to 0.990000" train xor --dropout 1
bad "--optimizer: foo not in {sgd,momentum,nesterov,adagrad,rmsprop,adam,adamw}" train xor --optimizer foo
bad "--loss: foo not in {softmax_cross_entropy,cross_entropy,binary_cross_entropy,bce,mse,huber}" train xor --loss foo
bad "--schedule: foo not in {constant,step,exponential,cosine}" train xor --schedule foo
bad "--validation: Value 0.9 not in range 0.010000 to 0.500000" train xor --validation 0.9
bad "--limit: must be a whole number of 0 or more, got '-5'" train xor --limit -5
bad "--l2: Value -1 not in range 0.000000 to 10.000000" train xor --l2 -1
bad "--clip-norm: Value -1 not in range 0.000000 to 1000000.000000" train xor --clip-norm -1
bad "--warmup: Value -1 not in range 0 to 100000" train xor --warmup -1
bad "--shift: Value 9 not in range 0 to 4" train xor --shift 9
bad "error: bad layer size in '784-abc-10' 'abc': expected a whole number" train mnist --arch 784-abc-10
bad "error: architecture '5' needs at least an input and an output size, like 784-128-10" train xor --arch 5
bad "error: bad layer size in '784-99999999999-10' '99999999999'" train mnist --arch 784-99999999999-10
bad "error: layer 0: dense \"units\" must be a whole number in 1..65536, got 0" train xor --arch 2-0-1
bad "error: unknown activation 'bogus'; known: linear, relu, leaky_relu, elu, sigmoid, tanh, gelu, gelu_erf, swish, softplus, softmax" train xor --activation bogus
bad "error: unknown initialization 'bogus'; known: zeros, uniform, normal, xavier_uniform, xavier_normal, he_uniform, he_normal, lecun" train xor --init bogus
bad "error: unknown problem 'nosuchproblem'; known: and, or, nand, xor, parity3, majority3, half_adder, full_adder, adder2, quadrant, pattern3x3, iris, circles, spirals, blobs, moons, checkerboard" train nosuchproblem
bad "--arch-file: File does not exist: /nonexistent.json" train xor --arch-file /nonexistent.json
bad "--from: File does not exist: /nonexistent.safetensors" train xor --from /nonexistent.safetensors
bad "--rescan-stretch: Value 2 not in range 0.000000 to 1.000000" train mnist --rescan-stretch 2
bad "--flag-ones: Value 2 not in range 0.000000 to 1.000000" train mnist --flag-ones 2
bad "error: --rotate, --scale, --thickness, --elastic, --blur, --rescan and --flag-ones work on images: use them with mnist" train xor --flag-ones 0.5
bad "--arch-file: File is actually a directory: $T/empty-dir" train xor --arch-file "$T/empty-dir"
bad "error: cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file" train xor --arch-file /dev/zero
bad "error: cannot read '$T/fifo': it is a device, FIFO or socket, not a regular file" train xor --arch-file "$T/fifo"
bad "error: $T/garbage.json: architecture is not valid JSON" train xor --arch-file "$T/garbage.json"
bad "error: $T/unknown-field.json: architecture has no field \"colour\"; its fields: input, loss, layers, vocabulary" train xor --arch-file "$T/unknown-field.json"
bad "error: $T/wrapping.json: \"input\" sizes must be at most 1048576, got 2147483649" train xor --arch-file "$T/wrapping.json"
bad "error: $T/deep.json: the architecture nests lists or objects more than 64 deep" train xor --arch-file "$T/deep.json"
bad "error: $T/big.json: the architecture is 2097207 bytes of JSON; the limit is 1048576" train xor --arch-file "$T/big.json"
bad "--data: Directory does not exist: /nonexistent" train mnist --data /nonexistent
bad "error: $T/bad-idx/train-images-idx3-ubyte: IDX data type 0x0D (byte 3 of the header) is not supported; only unsigned bytes (0x08) are" train mnist --data "$T/bad-idx"
bad "error: $T/short-idx/train-images-idx3-ubyte: IDX file size does not match its header: the dimensions need 1568 bytes of data, the file has 10" train mnist --data "$T/short-idx"
bad "model is required" eval
bad "model: File does not exist: /nonexistent.safetensors" eval /nonexistent.safetensors
bad "error: $T/garbage.safetensors: not a safetensors model file: its first 8 bytes claim a 8029109312199880558-byte header; the limit is 1048576" eval "$T/garbage.safetensors"
bad "error: cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file" eval /dev/zero
bad "error: cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file" info /dev/zero
bad "error: cannot read '/dev/null': it is a device, FIFO or socket, not a regular file" info /dev/null
bad "error: cannot read '/dev/urandom': it is a device, FIFO or socket, not a regular file" info /dev/urandom
bad "error: cannot read '$T/fifo': it is a device, FIFO or socket, not a regular file" info "$T/fifo"
bad "model: File is actually a directory: $T/empty-dir" info "$T/empty-dir"
bad "error: $T/empty.safetensors: not a safetensors model file: it is only 0 bytes long (the header length alone takes 8)" info "$T/empty.safetensors"
bad "error: $T/garbage.safetensors: not a safetensors model file: its first 8 bytes claim a 8029109312199880558-byte header; the limit is 1048576" info "$T/garbage.safetensors"
bad "error: $T/truncated.safetensors: model file is truncated: tensor 'layers.0.weight' ends at data byte 401408, but the data has only 218356 bytes" info "$T/truncated.safetensors"
bad "error: $T/version-number.safetensors: model file's __metadata__ field \"format_version\" must be a string such as \"2\", got 2" info "$T/version-number.safetensors"
bad "error: $T/version-9.safetensors: model file has format version '9'; this build reads versions \"1\" and \"2\"" info "$T/version-9.safetensors"
bad "error: $T/fractional.safetensors: tensor 'layers.0.bias' field \"shape\" must hold whole numbers of 0 or more, got [64.9]" info "$T/fractional.safetensors"
bad "error: $T/f64.safetensors: tensor 'layers.0.bias' has dtype \"F64\"; only F32 is supported" info "$T/f64.safetensors"
bad "error: $T/overlap.safetensors: model file tensors 'layers.0.weight' and 'layers.0.bias' overlap in the data (field \"data_offsets\")" info "$T/overlap.safetensors"
bad "error: $T/extra.safetensors: model file has a tensor 'layers.5.weight' that the architecture does not use" info "$T/extra.safetensors"
bad "error: $T/wrapping.safetensors: model file architecture: \"input\" sizes must be at most 1048576, got 2147483649" info "$T/wrapping.safetensors"
bad "error: $T/huge-arch.safetensors: model file is missing tensor 'layers.0.weight'" info "$T/huge-arch.safetensors"
bad "error: $T/deep.safetensors: the model file header nests lists or objects more than 64 deep" info "$T/deep.safetensors"
bad "error: $T/huge-header.safetensors: not a safetensors model file: its first 8 bytes claim a 18446744073709551615-byte header; the limit is 1048576" info "$T/huge-header.safetensors"
bad "error: $T/not-glassbox.safetensors: this safetensors file is not a Glassbox model: its __metadata__ lacks \"format\": \"glassbox\"" info "$T/not-glassbox.safetensors"
bad "The following argument was not expected: extra" info "$model" extra
bad "--idx-index is required" predict "$model"
bad "--idx-index: must be a whole number of 0 or more, got '-1'" predict "$model" --idx-index -1
bad "--idx-index: must be a whole number of 0 or more, got 'abc'" predict "$model" --idx-index abc
bad "error: --idx-index 10000 is out of range 0..9999" predict "$model" --idx-index 10000
bad "error: cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file" predict /dev/zero --idx-index 0
bad "error: cannot read '/dev/zero': it is a device, FIFO or socket, not a regular file" convert /dev/zero "$T/out.safetensors"
bad "error: cannot write '$T/no/such/dir/out.safetensors'" convert "$model" "$T/no/such/dir/out.safetensors"
bad "error: $T/garbage.safetensors: not a safetensors model file: its first 8 bytes claim a 8029109312199880558-byte header; the limit is 1048576" convert "$T/garbage.safetensors" "$T/out.safetensors"
bad "what: bogus not in {optimizers,depth,cnn-mlp,recurrent,attention,positional,activations,overfitting,stability,early-stopping}" compare bogus
bad "--seeds: Value 0 not in range 1 to 100" compare optimizers --seeds 0
bad "--epochs: Value 0 not in range 1 to 1000000" compare depth --epochs 0
bad "error: unknown problem 'nosuch'; known: and, or, nand, xor, parity3, majority3, half_adder, full_adder, adder2, quadrant, pattern3x3, iris, circles, spirals, blobs, moons, checkerboard" compare optimizers --problem nosuch
printf 'abc' >"$T/three.f32"
: >"$T/empty.f32"
python3 -c "import struct, sys; sys.stdout.buffer.write(struct.pack('<f', float('nan')) * 784)" >"$T/nan.f32"
bad "--to is required" export "$model" --out "$T/m.py"
bad "--to: keras not in {pytorch,onnx}" export "$model" --to keras --out "$T/m.py"
bad "--out is required" export "$model" --to onnx
bad "error: cannot write '$T/no/such/dir/m.py'" export "$model" --to pytorch --out "$T/no/such/dir/m.py"
bad "inputs is required" forward "$model"
bad "error: $T/three.f32: 3 bytes is not a whole number of samples; the model takes 784 float32 values (3136 bytes) per sample" forward "$model" "$T/three.f32" "$T/out.f32"
bad "error: $T/empty.f32: 0 bytes is not a whole number of samples; the model takes 784 float32 values (3136 bytes) per sample" forward "$model" "$T/empty.f32" "$T/out.f32"
bad "error: $T/nan.f32 holds a value that is not a finite number" forward "$model" "$T/nan.f32" "$T/out.f32"
bad "The following argument was not expected: extra" layers extra
bad "The following argument was not expected: --bogus" examples --bogus

echo "bad CLI arguments: $passed passed, $failed failed (ASan + UBSan build: $glassbox)"
[ $failed -eq 0 ] && [ $passed -ge 50 ]
