import type { RawEvaluation, RawResult } from './wasm/glassbox.mjs';

/**
 * Turns the engine's status object into a value or a thrown Error, so callers
 * use ordinary try/catch. `what` names the call for errors that carry no text.
 */
export function unwrap<T>(result: RawResult<T>, what: string): T {
  if (result.ok) return result.value;
  const message = typeof result.error === 'string' && result.error.length > 0
    ? result.error
    : `${what} failed (the engine gave no reason)`;
  throw new Error(message);
}

/**
 * Copies numeric data out of the module. Results may be views into wasm
 * memory, which die when memory grows; a copy is always safe to keep.
 */
export function copyFloats(values: ArrayLike<number>): Float32Array {
  return new Float32Array(values);
}

export function copyBytes(values: ArrayLike<number>): Uint8Array {
  return new Uint8Array(values);
}

/**
 * A load failure as a sentence for the page. Emscripten rejects with Errors,
 * strings or abort objects; its abort text carries a hint meant for engine
 * developers ("Build with -s ASSERTIONS=1 …") that visitors need not see.
 */
export function describeLoadError(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return text.replace(/^Aborted\((.*)\)\.?\s*Build with -s ASSERTIONS=1 for more info\.?$/s, '$1');
}

/**
 * What a JS value is, in the words the engine uses for type errors ("a string",
 * "an array", "a Float64Array"), for the few checks the facade must make
 * itself: where a binding takes a C++ type, a wrong JS type would otherwise
 * surface as an embind BindingError.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  const name = (value as { constructor?: { name?: unknown } }).constructor?.name;
  if (typeof name !== 'string' || name === '' || name === 'Object') return 'an object';
  return `${'AEIO'.includes(name[0]!) ? 'an' : 'a'} ${name}`;
}

/** An evaluation copied out of the module: plain arrays, nothing that views wasm memory. */
export function copyEvaluation(e: RawEvaluation): RawEvaluation {
  return {
    ...e,
    confusion: [...e.confusion],
    precision: [...e.precision],
    recall: [...e.recall],
    predictions: new Uint8Array(e.predictions),
  };
}
