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
 * Test example `index`'s target as trace() takes it: the value (adding), or
 * its class ids as an Int32Array, one per sample or one per step
 * (copy_memory, −1 where the step is not scored), which the engine traces
 * with the sparse cross-entropy the trainer uses (a softmax per row of
 * logits; a one-hot Float32Array would be traced as one softmax over all T
 * rows at once, another loss).
 */
export function exampleTarget(d: SequenceData, index: number): Float32Array | Int32Array {
  const size = d.test.targetSize;
  const targets = d.test.targets.slice(index * size, (index + 1) * size);
  return d.classes === 0 ? Float32Array.from(targets) : Int32Array.from(targets);
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
