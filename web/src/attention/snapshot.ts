// Builds the page's view of the live model from one engine trace of the
// current example: attention maps with their aligned mass, one query step by
// step with the gradient reaching its scores, the embedding table (or its
// PCA) with a token's cosine neighbours. Runs in the worker; the numbers are
// the engine's, this file only picks them out by name.
import type { Engine, LayerInfo, TokenTask, TokenTaskInfo, TrainingSession, Trace } from '../engine';
import type { AttentionMap, EmbeddingView, Focus, Snapshot } from './protocol';

/** One example: token ids, class ids (−1 = not asked) and the aligned keys (T × T). */
export interface Example {
  tokens: number[];
  targets: number[];
  aligned: Uint8Array;
}

/** Seed 003's renaming example, "x = y + z" → "a = b + c", in the rename task's symbols. */
export function seedExample(info: TokenTaskInfo): Example {
  const id = (s: string): number => {
    const i = info.symbols.indexOf(s);
    if (i < 0) throw new Error(`the ${info.name} task has no symbol "${s}"`);
    return i;
  };
  const source = ['x', '=', 'y', '+', 'z'];
  const target = ['a', '=', 'b', '+', 'c'];
  const T = info.tokens;
  if (T !== source.length * 2) throw new Error(`the ${info.name} task's sequences are ${T} tokens, not ${source.length * 2}`);
  const tokens = [...source, ':', ...target.slice(0, -1)].map(id);
  const targets = [...source.map(() => -1), ...target.map(id)];
  const aligned = new Uint8Array(T * T);
  source.forEach((_, i) => { aligned[(source.length + i) * T + i] = 1; });
  return { tokens, targets, aligned };
}

export function testExample(task: TokenTask, T: number, index: number): Example {
  const n = Math.max(0, Math.min(task.test.count - 1, index));
  return {
    tokens: Array.from(task.test.inputs.subarray(n * T, (n + 1) * T)),
    targets: Array.from(task.test.targets.subarray(n * T, (n + 1) * T)),
    aligned: task.alignedTest.slice(n * T * T, (n + 1) * T * T),
  };
}

/** A tensor of layer `layer` named `name`, as a view into `parameters`. */
function tensor(layers: LayerInfo[], parameters: Float32Array, layer: number, name: string): { values: Float32Array; shape: number[] } | null {
  const t = layers[layer]?.tensors.find((x) => x.name === name && !x.isState);
  if (t === undefined) return null;
  const size = t.shape.reduce((a, b) => a * b, 1);
  return { values: parameters.subarray(t.offset, t.offset + size), shape: t.shape };
}

interface MapSource {
  layer: number;
  prefix: string;
  heads: number;
  probabilities: Float32Array;
}

function mapSources(trace: Trace): MapSource[] {
  const out: MapSource[] = [];
  for (const l of trace.allLayers) {
    for (const internal of l.internals) {
      if (!internal.name.endsWith('probabilities')) continue;
      out.push({ layer: l.layer, prefix: internal.name.slice(0, -'probabilities'.length), heads: internal.shape[0] ?? 1, probabilities: internal.values });
    }
  }
  return out;
}

export interface SnapshotContext {
  engine: Engine;
  session: TrainingSession;
  info: TokenTaskInfo;
  layers: LayerInfo[];
  example: Example;
  step: number;
  focus: Focus;
}

export function takeSnapshot(c: SnapshotContext): Snapshot {
  const T = c.info.tokens;
  const V = c.info.vocabulary;
  const trace = c.session.trace(Float32Array.from(c.example.tokens), Int32Array.from(c.example.targets));
  const parameters = c.session.parameters();
  const sources = mapSources(trace);
  const maps: AttentionMap[] = sources.map((s) => ({
    label: `layer ${s.layer}${s.prefix === '' ? '' : ` (${s.prefix.replace(/\.$/, '')})`}`,
    heads: s.heads,
    values: s.probabilities,
    alignedMass: c.engine.inspect.alignedMass(s.probabilities, c.example.aligned, s.heads, T),
    causal: c.info.causal,
  }));

  const focus: Focus = { ...c.focus };
  focus.map = Math.min(Math.max(0, focus.map), Math.max(0, maps.length - 1));
  const source = sources[focus.map];
  focus.head = source === undefined ? 0 : Math.min(Math.max(0, focus.head), source.heads - 1);
  focus.position = Math.min(Math.max(0, focus.position), T - 1);

  let query = null;
  if (source !== undefined) {
    const layer = trace.allLayers[source.layer]!;
    const find = (name: string): Float32Array => {
      const t = layer.internals.find((i) => i.name === source.prefix + name);
      if (t === undefined) throw new Error(`layer ${source.layer} has no internal ${source.prefix}${name}`);
      return t.values;
    };
    const q = find('query');
    const E = q.length / T;
    const out = tensor(c.layers, parameters, source.layer, `${source.prefix}out_proj.weight`);
    const D = layer.shape[layer.shape.length - 1] ?? 1;
    query = c.engine.inspect.explainQuery(
      { query: q, key: find('key'), value: find('value') },
      {
        tokens: T, heads: source.heads, headSize: E / source.heads, head: focus.head, position: focus.position, causal: c.info.causal,
        ...(out === null ? {} : { outWeight: Float32Array.from(out.values), outputGradient: layer.gradient.slice(focus.position * D, (focus.position + 1) * D) }),
      },
    );
  }

  const embedding = embeddingView(c, parameters, focus);
  const logits = trace.allLayers[trace.allLayers.length - 1]!.output;
  const predictions: number[] = [];
  for (let t = 0; t < T; t++) {
    let best = 0;
    for (let v = 1; v < V; v++) if (logits[t * V + v]! > logits[t * V + best]!) best = v;
    predictions.push(best);
  }
  const pe = c.layers[1]?.type === 'positional_encoding' ? tensor(c.layers, parameters, 1, 'weight') : null;
  return {
    step: c.step, focus, tokens: c.example.tokens, targets: c.example.targets, predictions, loss: trace.loss,
    maps, query, embedding, learnedEncoding: pe === null ? null : Float32Array.from(pe.values),
  };
}

function embeddingView(c: SnapshotContext, parameters: Float32Array, focus: Focus): EmbeddingView {
  const table = tensor(c.layers, parameters, 0, 'weight');
  if (table === null || table.shape.length !== 2) throw new Error('the model does not start with an embedding table');
  const [rows, features] = table.shape as [number, number];
  const values = Float32Array.from(table.values);
  const projected = features > 3;
  const pca = projected ? c.engine.inspect.principalComponents({ values, rows, features }, 2) : null;
  const dims = projected ? 2 : features;
  const token = focus.token >= 0 && focus.token < rows ? focus.token : -1;
  return {
    rows, features, dims, projected,
    points: pca === null ? values : pca.points,
    explained: pca === null ? [] : Array.from(pca.explained),
    neighbours: token < 0 ? [] : c.engine.inspect.nearestByCosine({ values, rows, features }, token, Math.min(5, rows - 1)),
  };
}
