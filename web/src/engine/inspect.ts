// The Attention page's inspection math, computed by the engine
// (engine/include/glassbox/inspect/embedding_map.hpp, attention_step.hpp):
// typed results copied out of wasm memory.
import type { GlassboxModule, RawQueryStep } from './wasm/glassbox.mjs';
import { copyBytes, copyFloats, unwrap } from './result';

/** An embedding table (rows × features, row-major) as the engine reads it. */
export interface Table {
  values: Float32Array;
  rows: number;
  features: number;
}

/** The first principal components of a table: points (rows × components), axes (components × features). */
export interface Projection {
  points: Float32Array;
  axes: Float32Array;
  variances: Float32Array;
  /** λ_c / Σλ: the share of the table's variance each axis keeps. */
  explained: Float32Array;
}

export interface Neighbour {
  index: number;
  /** cos θ = a·b / (‖a‖ ‖b‖) */
  similarity: number;
}

/** The query, key and value internals (T × E) of one attention layer, for one sample. */
export interface AttentionTensors {
  query: Float32Array;
  key: Float32Array;
  value: Float32Array;
}

export interface QueryStepOptions {
  tokens: number;
  heads: number;
  headSize: number;
  head: number;
  position: number;
  causal?: boolean;
  /** ∂L/∂y for this query's row of the layer's output (D), with `outWeight` (E × D). */
  outputGradient?: Float32Array;
  outWeight?: Float32Array;
}

/** softmax(q·kⱼ/√d) and Σ pⱼ vⱼ for one query of one head, and ∂L/∂sⱼ when a gradient was given. */
export type QueryStep = RawQueryStep;

function copyStep(s: RawQueryStep): QueryStep {
  const out: QueryStep = {
    scale: s.scale,
    query: copyFloats(s.query),
    dots: copyFloats(s.dots),
    scores: copyFloats(s.scores),
    masked: copyBytes(s.masked),
    probabilities: copyFloats(s.probabilities),
    context: copyFloats(s.context),
  };
  if (s.scoreGradient !== undefined && s.contextGradient !== undefined && s.probabilityGradient !== undefined) {
    out.contextGradient = copyFloats(s.contextGradient);
    out.probabilityGradient = copyFloats(s.probabilityGradient);
    out.scoreGradient = copyFloats(s.scoreGradient);
  }
  return out;
}

export class Inspector {
  readonly #module: GlassboxModule;

  constructor(module: GlassboxModule) {
    this.#module = module;
  }

  /** The table's first `components` principal components (PCA by the engine). */
  principalComponents(table: Table, components: number): Projection {
    const p = unwrap(this.#module.principalComponents(table.values, table.rows, table.features, components), 'principalComponents');
    return { points: copyFloats(p.points), axes: copyFloats(p.axes), variances: copyFloats(p.variances), explained: copyFloats(p.explained) };
  }

  /** The k rows most similar to row `index` by cosine similarity, most similar first. */
  nearestByCosine(table: Table, index: number, k: number): Neighbour[] {
    return unwrap(this.#module.nearestByCosine(table.values, table.rows, table.features, index, k), 'nearestByCosine')
      .map((n) => ({ index: n.index, similarity: n.similarity }));
  }

  /** One query of one head, step by step. */
  explainQuery(tensors: AttentionTensors, options: QueryStepOptions): QueryStep {
    return copyStep(unwrap(this.#module.explainAttentionQuery(tensors, options), 'explainAttentionQuery'));
  }

  /** Per head: the mean attention mass on the aligned keys (probabilities H × T × T, aligned T × T). */
  alignedMass(probabilities: Float32Array, aligned: Uint8Array, heads: number, tokens: number): number[] {
    return [...unwrap(this.#module.alignedAttentionMass(probabilities, aligned, heads, tokens), 'alignedAttentionMass')];
  }

  /** The sinusoidal positional encoding PE (T × D) the positional_encoding layer adds. */
  sinusoidalEncoding(tokens: number, features: number): Float32Array {
    return copyFloats(unwrap(this.#module.sinusoidalEncoding(tokens, features), 'sinusoidalEncoding'));
  }
}
