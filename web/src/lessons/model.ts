// Networks with weights the reader chooses. The engine builds the model from
// an architecture (engine.buildNetwork) and takes the chosen values through
// setParameters; tensors are named ("0.weight" = layer 0's W, "2.bias"), and
// their place in the parameter buffer comes from the engine's layer list.
import type { Engine, Network } from '../engine';
import type { LayerInfo } from '../engine/network';
import { tensorIn } from '../engine/structure';

/** Values by "<layer>.<tensor>", each row-major as the engine's shape for it (a dense W is in × out). */
export type NamedParameters = Readonly<Record<string, readonly number[]>>;

export interface ModelFactory {
  readonly layers: readonly LayerInfo[];
  readonly parameterCount: number;
  /** The network, holding `params` (the factory keeps and reuses it; callers must not dispose it). */
  set(params: NamedParameters | ArrayLike<number>): Network;
  dispose(): void;
}

/** Architecture JSON for dense layers with one activation after each (the engine's format). */
export function denseArchitecture(inputs: number, units: readonly number[], activation: string): string {
  const layers = units.flatMap((u) => [{ type: 'dense', units: u, init: 'zeros' }, { type: activation }]);
  return JSON.stringify({ input: inputs, loss: 'mse', layers });
}

/** A flat buffer laid out like `parameters()`, each named tensor written where the engine places it. */
export function flatParameters(layers: readonly LayerInfo[], parameterCount: number, named: NamedParameters): Float32Array {
  const flat = new Float32Array(parameterCount);
  for (const [key, values] of Object.entries(named)) {
    const match = /^(\d+)\.(.+)$/.exec(key);
    const layer = match === null ? undefined : layers[Number(match[1])];
    if (match === null || layer === undefined) throw new Error(`no layer for parameter "${key}"`);
    const target = tensorIn(flat, layer, match[2]!).values;
    if (values.length !== target.length) throw new Error(`parameter "${key}" has ${target.length} values, got ${values.length}`);
    target.set(values);
  }
  return flat;
}

export function modelFactory(engine: Engine, architectureJson: string, seed = 1): ModelFactory {
  const network = engine.buildNetwork(architectureJson, seed);
  const layers = network.layers();
  const parameterCount = network.parameterCount;
  return {
    layers,
    parameterCount,
    set(params) {
      const flat = isFlat(params) ? Float32Array.from(params) : flatParameters(layers, parameterCount, params);
      if (flat.length !== parameterCount) throw new Error(`this model has ${parameterCount} parameters, got ${flat.length}`);
      network.setParameters(flat);
      return network;
    },
    dispose: () => network.dispose(),
  };
}

function isFlat(params: NamedParameters | ArrayLike<number>): params is ArrayLike<number> {
  return typeof (params as ArrayLike<number>).length === 'number';
}

/** Runs `use` on the factory's network holding `params`. */
export function withNetwork<T>(factory: ModelFactory, params: NamedParameters | ArrayLike<number>, use: (network: Network) => T): T {
  return use(factory.set(params));
}
