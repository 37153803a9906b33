// Messages between the Sequences page's char-model panel (charmodel.ts) and its
// worker (charmodel-worker.ts). Its own worker, so the char model trains while
// the three-cell race keeps its worker.

/** What the panel needs to know about the corpus and the model (engine defaults). */
export interface CharModelInfo {
  source: string;
  vocabulary: string;
  characters: number;
  window: number;
  units: number;
  steps: number;
  learningRate: number;
  batchSize: number;
  minTemperature: number;
  maxTemperature: number;
  maxSampleCount: number;
}

export interface SampleRequest {
  prompt: string;
  count: number;
  temperature: number;
  seed: number;
  unit: number;
}

export type CharModelPageMessage =
  | { type: 'train'; seed: number; steps: number }
  | { type: 'sample'; request: SampleRequest }
  | { type: 'stop' };

export type CharModelWorkerMessage =
  | { type: 'ready'; info: CharModelInfo }
  | { type: 'progress'; step: number; steps: number; loss: number; samplesPerSecond: number }
  /** After training (or a stop): the test windows' accuracy and mean loss. */
  | { type: 'trained'; step: number; accuracy: number; loss: number; seconds: number; samplesPerSecond: number; stopped: boolean }
  /** The sampled text; `activations` is h_t of `request.unit` for every character of prompt + text. */
  | { type: 'sample'; request: SampleRequest; text: string; probabilities: Float64Array; activations: Float32Array; milliseconds: number }
  | { type: 'error'; during: 'load' | 'train' | 'sample'; message: string };
