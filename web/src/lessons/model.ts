// Networks with weights the reader chooses. The engine builds the model from
// an architecture JSON (through a one-sample training session, the facade's
// only way to build one today), writes it as .safetensors, and reads it back
// with the chosen parameters: every number shown is still the engine's.
import type { Engine, Network } from '../engine';
import type { LayerInfo } from '../engine/network';
import { withParameters } from './safetensors';

export interface ModelFactory {
  readonly layers: readonly LayerInfo[];
  readonly parameterCount: number;
  /** A new Network with these parameters (the caller disposes it). */
  make(params: ArrayLike<number>): Network;
}

/** Architecture JSON for dense layers with one activation after each (the engine's format). */
export function denseArchitecture(inputs: number, units: readonly number[], activation: string): string {
  const layers = units.flatMap((u) => [{ type: 'dense', units: u, init: 'zeros' }, { type: activation }]);
  return JSON.stringify({ input: inputs, loss: 'mse', layers });
}

export function modelFactory(engine: Engine, architectureJson: string, inputs: number, outputs: number): ModelFactory {
  const session = engine.startTraining(
    { json: architectureJson },
    { inputs: new Float32Array(inputs), targets: new Float32Array(outputs), count: 1 },
    { seed: 1, batchSize: 1 },
  );
  let template: Uint8Array;
  try {
    template = session.toSafetensors();
  } finally {
    session.dispose();
  }
  const probe = engine.networkFromSafetensors(template);
  const layers = probe.layers();
  const parameterCount = probe.parameterCount;
  probe.dispose();
  return {
    layers,
    parameterCount,
    make(params) {
      if (params.length !== parameterCount) throw new Error(`this model has ${parameterCount} parameters, got ${params.length}`);
      return engine.networkFromSafetensors(withParameters(template, layers, Float32Array.from(params)));
    },
  };
}

/** Runs `use` on a network with `params`, then frees it. */
export function withNetwork<T>(factory: ModelFactory, params: ArrayLike<number>, use: (network: Network) => T): T {
  const network = factory.make(params);
  try {
    return use(network);
  } finally {
    network.dispose();
  }
}
