// Messages between the Attention page and its training worker. Every number
// in a snapshot was computed by the engine (trace, PCA, cosine neighbours,
// the query step, the aligned mass).
import type { EmbeddingTaskInfo, Neighbour, QueryStep, TokenTaskInfo } from '../engine';

export type Positional = 'sinusoidal' | 'learned' | 'none';

/** What to train; the page's URL state holds the same fields. */
export interface RunSpec {
  task: string;
  seed: number;
  /** null: the task's default. */
  positional: Positional | null;
  dimension: number | null;
}

/** What to show of the current model. */
export interface Focus {
  /** Test sample index, or −1 for seed 003's "x = y + z" (rename only). */
  example: number;
  /** Which attention map (index into Snapshot.maps), head, and query position. */
  map: number;
  head: number;
  position: number;
  /** The token whose neighbours to list, or −1. */
  token: number;
}

export type AttentionPageMessage =
  | { type: 'start'; spec: RunSpec; focus: Focus }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'focus'; focus: Focus }
  | { type: 'ab'; task: string; seed: number; steps: number }
  | { type: 'embed'; task: string; seed: number };

export interface AttentionMap {
  /** e.g. "layer 2 (residual) · attention". */
  label: string;
  heads: number;
  /** Heads × T × T, row t = query t's weights over the keys. */
  values: Float32Array;
  /** Per head: mean attention mass on the keys that hold each answer (engine). */
  alignedMass: number[];
  causal: boolean;
}

export interface EmbeddingView {
  rows: number;
  features: number;
  /** rows × 2 (or 3 for D = 3): the table itself when D ≤ 3, else its first principal components. */
  points: Float32Array;
  dims: number;
  projected: boolean;
  /** PCA only: the share of variance each shown axis keeps. */
  explained: number[];
  neighbours: Neighbour[];
}

export interface Snapshot {
  step: number;
  focus: Focus;
  tokens: number[];
  /** Class id per position, −1 where nothing is asked. */
  targets: number[];
  /** The model's most likely token per position (argmax of its logits). */
  predictions: number[];
  /** This example's loss (the trainer's sparse cross-entropy). */
  loss: number;
  maps: AttentionMap[];
  query: QueryStep | null;
  embedding: EmbeddingView;
  /** The model's own PE table (T × D) when learned; null otherwise. */
  learnedEncoding: Float32Array | null;
}

export interface RunInfo {
  task: TokenTaskInfo;
  spec: RunSpec;
  positional: Positional;
  dimension: number;
  /** The sinusoidal table PE (T × D) the positional_encoding layer would add. */
  sinusoid: Float32Array;
  testCount: number;
}

export type AttentionWorkerMessage =
  | { type: 'ready'; catalog: TokenTaskInfo[]; embeddings: EmbeddingTaskInfo[] }
  | { type: 'started'; info: RunInfo }
  | { type: 'progress'; step: number; losses: [number, number][]; accuracy: [number, number][]; snapshot: Snapshot; done: boolean; seconds: number }
  | { type: 'snapshot'; snapshot: Snapshot }
  | { type: 'ab-progress'; step: number; with: number; without: number; withAccuracy: number | null; withoutAccuracy: number | null; done: boolean; positional: Positional }
  | { type: 'embed-progress'; task: string; step: number; steps: number; loss: number; view: EmbeddingView; similarity: number[][] }
  | { type: 'error'; message: string };
