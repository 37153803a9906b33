// Reads what the page draws out of the engine's trace of one example: the
// recurrent layer's internals (h_t, gates, c_t, ‖∂L/∂h_t‖) by name, and the
// example's target in the form trace() takes. Pure: no DOM, no engine calls.
import type { SequenceData } from '../engine';
import type { Trace } from '../engine/network';
import type { CellInspection } from './protocol';
import type { Cell } from './state';

/** Internal `name` of the trace's recurrent layer (the first layer); empty when it has none (the RNN's gates). */
export function internal(trace: Trace, name: string): Float32Array {
  const layer = trace.allLayers[0];
  if (layer === undefined || !['rnn', 'lstm', 'gru'].includes(layer.type)) throw new Error('the traced model does not start with a recurrent layer');
  return layer.internals.find((i) => i.name === name)?.values ?? new Float32Array(0);
}

/**
 * Test example `index`'s target as the model's output floats: the value
 * (adding), a one-hot row for the class, or one row per step (copy_memory)
 * left all zero where the step is not scored (−1).
 */
export function exampleTarget(d: SequenceData, index: number): Float32Array {
  const size = d.test.targetSize;
  const ids = d.test.targets.slice(index * size, (index + 1) * size);
  if (d.classes === 0) return Float32Array.from(ids);
  const out = new Float32Array(size * d.classes);
  ids.forEach((id, row) => {
    if (id >= 0) out[row * d.classes + id] = 1;
  });
  return out;
}

export function inspectionOf(cell: Cell, trace: Trace, d: SequenceData): CellInspection {
  const hidden = internal(trace, 'hidden');
  const gates = internal(trace, 'gates');
  const steps = d.length;
  const units = hidden.length / steps;
  return {
    cell,
    input: trace.input,
    features: trace.input.length / steps,
    hidden,
    gates,
    gateCount: gates.length / (steps * units),
    pre: internal(trace, 'pre_activation'),
    cellState: internal(trace, 'cell'),
    units,
    gradNorm: internal(trace, 'grad_norm'),
    output: trace.output,
    target: trace.target,
    loss: trace.loss,
  };
}
