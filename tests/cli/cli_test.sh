#!/usr/bin/env bash
# The CLI from the outside: good runs succeed, bad arguments and bad files
# give a message and a non-zero exit (never a crash, which exits ≥ 128).
# Usage: cli_test.sh path/to/glassbox
set -uo pipefail
glassbox=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
model=$root/web/public/models/mnist-mlp.safetensors
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
passed=0 failed=0

# expect_failure "description" "text the message must contain" args...
expect_failure() {
  local what=$1 text=$2
  shift 2
  local output status
  output=$("$glassbox" "$@" 2>&1)
  status=$?
  if [ $status -ne 0 ] && [ $status -lt 128 ] && grep -qF -- "$text" <<<"$output"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: exit $status, output: $output"
  fi
}

expect_success() {
  local what=$1 text=$2
  shift 2
  local output
  if output=$("$glassbox" "$@" 2>&1) && grep -qF -- "$text" <<<"$output"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    echo "FAIL: $what: output: $output"
  fi
}

printf 'not a model at all' >"$tmp/garbage.safetensors"
head -c 1000 "$model" >"$tmp/truncated.safetensors"

expect_failure "no subcommand" "subcommand is required"
expect_failure "epochs out of range" "--epochs: Value 0 not in range" train mnist --epochs 0
expect_failure "unknown optimizer" "--optimizer" train mnist --optimizer lbfgs
expect_failure "bad architecture" "expected a whole number" train mnist --arch 784-x-10
expect_failure "architecture not matching the data" "the data has 784 inputs" train mnist --arch 100-10 --epochs 1 --limit 10
expect_failure "missing model file" "model" eval "$tmp/missing.safetensors"
expect_failure "garbage model file" "not a safetensors model file" eval "$tmp/garbage.safetensors"
expect_failure "truncated model file" "truncated" eval "$tmp/truncated.safetensors"
expect_failure "index out of range" "out of range 0..9999" predict "$model" --idx-index 10000
expect_failure "predict needs an index" "--idx-index is required" predict "$model"

expect_failure "unknown activation" "unknown activation 'relux'" train xor --activation relux
expect_failure "weight decay outside adamw" "belongs to adamw" train xor --weight-decay 0.1
expect_failure "divergence" "training diverged at step" train xor --optimizer sgd --lr 10 --activation linear
expect_failure "unknown comparison" "not in {optimizers,depth,cnn-mlp,recurrent,attention,positional,activations,overfitting,stability,early-stopping}" compare depths
expect_failure "unknown attention task" "unknown attention task 'nope'; known: copy, reverse, sort, rename, induction" compare attention --task nope
expect_failure "zero attention steps" "--max-steps: Value 0 not in range 1 to 1000000" compare attention --task copy --max-steps 0
expect_failure "warmup longer than training" "--warmup must be shorter" train xor --epochs 5 --warmup 5

expect_success "xor trains to 100%" "test accuracy 100.00%" train xor --out "$tmp/xor.safetensors"
expect_success "info" "parameters: 17" info "$tmp/xor.safetensors"
expect_success "predict json" '"label":7' predict "$model" --idx-index 0 --json
expect_success "eval confusion matrix" "confusion matrix" eval "$model"

# Recurrent nets on the sequence tasks (issue 14).
expect_success "a GRU learns temporal order" "epoch 10: train loss 0.0005, test loss 0.0004, test accuracy 100.00%" \
  train temporal_order --cell gru
printf '%s' '{"input": [10, 2], "loss": "mse", "layers": [{"type": "lstm", "units": 8, "return_sequences": false}, {"type": "dense", "units": 1}]}' >"$tmp/lstm.json"
expect_success "train a sequence task with --arch-file" "saved $tmp/lstm.safetensors" \
  train adding --arch-file "$tmp/lstm.json" --out "$tmp/lstm.safetensors"
expect_success "info of an LSTM model" '"return_sequences":false,"truncate":0,"type":"lstm","units":8' info "$tmp/lstm.safetensors"
# The character-level LSTM (train/char_model.hpp): 20 steps keep this fast;
# the default's accuracy is held by tests/engine/test_char_model.cpp.
expect_success "train the char model" "20 steps of 32 windows of 32 characters" \
  train-chars --steps 20 --out "$tmp/chars.safetensors"
expect_success "sample from the char model" "h_t of unit 3, one line per character" \
  sample "$tmp/chars.safetensors" --prompt "alice " --temperature 0.5 --count 30 --unit 3
expect_failure "a prompt outside the vocabulary" \
  "error: the character 'A' at position 1 is not in the model's vocabulary; allowed: ␣!'(),-.:;?abcdefghijklmnopqrstuvwxyz (␣ is the space)" \
  sample "$tmp/chars.safetensors" --prompt "Alice"
expect_failure "a temperature of 0" "error: the temperature must be from 0.01 to 10, got 0" \
  sample "$tmp/chars.safetensors" --prompt "a" --temperature 0
expect_failure "an empty prompt" "error: the prompt is empty; type at least one character to start from" \
  sample "$tmp/chars.safetensors" --prompt ""
expect_failure "sampling from a model that is not a char model" "error: this model is not a character model" \
  sample "$model" --prompt "a"
expect_failure "a unit past the LSTM" "error: unit 128 does not exist; the LSTM has units 0 to 127" \
  sample "$tmp/chars.safetensors" --prompt "a" --count 2 --unit 128
expect_success "layers lists the cells" "return_sequences true or false, default true" layers
expect_success "examples lists the sequence tasks" "copy_memory" examples
expect_success "compare recurrent prints a row" "rnn        3" \
  compare recurrent --task parity --lengths 3 --cells rnn --seeds 1 --steps 100
expect_failure "an empty length" "error: --lengths must be a comma list without empty items, got '10,,20'" \
  compare recurrent --lengths 10,,20
expect_failure "a length out of range" "error: adding needs lengths in 2..500, got 1" compare recurrent --lengths 1
expect_failure "an unknown cell" "error: unknown cell 'tree'; known: rnn, lstm, gru" compare recurrent --cells rnn,tree
expect_failure "--arch on a sequence task" "error: a sequence task's network is a recurrent cell" train adding --arch 2-4-1
expect_failure "--length on a non-sequence problem" "error: --length applies to the sequence tasks only" train xor --length 5
expect_failure "an arch file of another length" "error: the data has 14 inputs per sample, the model 20" \
  train adding --length 7 --arch-file "$tmp/lstm.json"
expect_success "compare optimizers prints a row per optimizer" "adamw" compare optimizers --problem parity3 --seeds 2
expect_success "every training option at once" "test accuracy" train parity3 --activation tanh \
  --optimizer nesterov --momentum 0.8 --dropout 0.1 --l1 0.0001 --l2 0.0001 --max-norm 3 \
  --schedule cosine --warmup 10 --clip-norm 1 --clip-value 0.5 --early-stop 50 --epochs 300 --init lecun
expect_success "loss history as CSV" "wrote the loss history" train xor --early-stop 20 --history "$tmp/h.csv"
if [ "$(head -1 "$tmp/h.csv")" = "epoch,train_loss,validation_loss,validation_accuracy" ]; then
  passed=$((passed + 1))
else
  failed=$((failed + 1)) && echo "FAIL: history CSV header"
fi
printf '{"input": [1, 3, 3], "layers": [{"type": "conv2d", "filters": 2, "kernel": 5}]}' >"$tmp/bad-arch.json"
expect_failure "impossible architecture file" "layer 0: conv2d kernel 5×5 does not fit a 3×3 input" \
  train mnist --arch-file "$tmp/bad-arch.json"
expect_failure "arch file and --arch together" "--arch-file describes the whole network" \
  train mnist --arch-file "$root/scripts/architectures/lenet.json" --arch 784-10
expect_success "a CNN from an architecture file trains" "test accuracy" \
  train mnist --arch-file "$root/scripts/architectures/lenet.json" --epochs 1 --limit 500
expect_success "compare depth shows per-layer gradient norms" "residual+layernorm" compare depth --epochs 1
expect_success "compare attention solves copy in 50 steps" "copy                     100.00%              50        50      0.993" compare attention --task copy --max-steps 50
expect_success "compare positional trains three encodings" "reverse (learned)" compare positional --task reverse --max-steps 50
expect_success "lab: a short run ends with its verdict" "Verdict: " lab overfitting --set epochs=2
expect_success "lab --json prints the verdict" '"verdict":"holds partly"' lab optimizers --json
expect_success "compare forwards the Lab's own experiments" "Verdict: holds" compare activations
expect_failure "lab: an unknown experiment" \
  "error: unknown experiment 'rnn'; the lab has: optimizers, activations, depth, recurrence, cnn-mlp, attention, embeddings, overfitting, stability, early-stopping" lab rnn
expect_failure "lab: an unknown setting" \
  "error: experiment 'depth' has no setting 'lr_scale'; its settings are: seed, lr, epochs" lab depth --set lr_scale=2
expect_failure "lab: --set without =" "error: --set takes name=value (e.g. --set seed=2), got 'seed'" lab depth --set seed
expect_failure "lab: --set with a non-number" "error: --set seed needs a number, got 'two'" lab depth --set seed=two
expect_failure "lab: a value out of range" "error: setting 'epochs' must be a whole number in [1, 200], got 0" lab depth --set epochs=0
expect_success "short mnist run saves a model" "saved" train mnist --epochs 1 --limit 2000 --out "$tmp/m.safetensors"

# check "description" actual expected: exact equality, or a FAIL line showing both.
check() {
  if [ "$2" = "$3" ]; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAIL: %s\n  got:      %s\n  expected: %s\n' "$1" "$2" "$3"
  fi
}

# The saved model, reloaded, scores on the 10,000 test images exactly what
# training printed for it: same accuracy (as a count) and the same mean loss.
train_line=$("$glassbox" train mnist --epochs 1 --limit 2000 --out "$tmp/m.safetensors" 2>/dev/null |
  grep '^epoch 1: ')
accuracy=$(sed -n 's/.*, test accuracy \([0-9]*\.[0-9][0-9]\)%.*/\1/p' <<<"$train_line")
test_loss=$(sed -n 's/.*, test loss \([0-9]*\.[0-9]*\),.*/\1/p' <<<"$train_line")
correct=$((10#${accuracy/./})) # 10,000 images: the percentage with 2 decimals is the count
check "train printed its test accuracy and loss" "${accuracy:+yes}${test_loss:+yes}" "yesyes"
eval_line=$("$glassbox" eval "$tmp/m.safetensors" 2>&1 | head -1)
check "eval of the saved model matches training" "$eval_line" \
  "test accuracy: $accuracy% ($correct/10000), mean loss $test_loss"

# --from continues from saved weights. One Adam step (one sample) at lr 1e-7
# moves each weight by at most about 1e-7, so the saved model's test accuracy
# is what the run prints (new weights from a seed would read about 10%).
from_line=$("$glassbox" train mnist --from "$tmp/m.safetensors" --epochs 1 --limit 1 --lr 1e-7 \
  2>/dev/null | grep '^epoch 1: ')
check "--from starts from the saved weights" \
  "$(sed -n 's/.*, test accuracy \([0-9.]*%\).*/\1/p' <<<"$from_line")" "$accuracy%"
expect_failure "--from with another architecture" \
  "error: --from $tmp/m.safetensors has a different architecture: it is {\"input\":784,\"layers\":[{\"init\":\"he_normal\",\"type\":\"dense\",\"units\":128}" \
  train mnist --from "$tmp/m.safetensors" --arch 784-32-10 --epochs 1 --limit 10
expect_failure "--from with another architecture names both" \
  "this run's is {\"input\":784,\"layers\":[{\"init\":\"he_normal\",\"type\":\"dense\",\"units\":32}" \
  train mnist --from "$tmp/m.safetensors" --arch 784-32-10 --epochs 1 --limit 10
expect_failure "--from a file that is not a model" "error: $tmp/garbage.safetensors: not a safetensors model file" train mnist --from "$tmp/garbage.safetensors" --epochs 1 --limit 10
expect_failure "--rescan-stretch without --rescan" \
  "error: the rescan stretch needs the rescan: give a rescan probability above 0" \
  train mnist --rescan-stretch 0.5 --epochs 1 --limit 10

# Divergence: a clear message on its own line, exit 1, no file written.
output=$("$glassbox" train mnist --optimizer sgd --lr 10 --out "$tmp/diverged.safetensors" 2>&1)
check "lr 10 diverges with exit 1" "$?" "1"
check "lr 10 divergence message" "$(tail -1 <<<"$output")" \
  "error: training diverged at step 3: the loss grew from 2.445 to 6381 (smoothed); try a learning rate below 10; $tmp/diverged.safetensors was not written"
check "a diverged run writes no model" "$(ls "$tmp/diverged.safetensors" 2>/dev/null)" ""

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
