// The embedding tasks in the worker: trains a task's default model (the
// engine's known-good settings) in slices, posting its table as the map
// shows it (as is for D ≤ 3, else the engine's PCA) and, for the word task,
// every pair's cosine similarity (the engine's nearestByCosine).
import type { Engine, EmbeddingTaskInfo } from '../engine';
import type { AttentionWorkerMessage, EmbeddingView } from './protocol';

export async function trainEmbeddingTask(engine: Engine, info: EmbeddingTaskInfo, seed: number,
  post: (m: AttentionWorkerMessage) => void, yieldToEvents: () => Promise<void>, stillMine: () => boolean): Promise<void> {
  const data = engine.makeEmbeddingTask(info.name);
  const d = info.defaults;
  const probe = engine.buildNetwork(d.architecture, seed);
  const weight = probe.layers()[0]!.tensors.find((t) => t.name === 'weight')!;
  probe.dispose();
  const session = engine.startTraining({ json: d.architecture }, data, { optimizer: 'adam', learningRate: d.learningRate, batchSize: d.batchSize, seed });
  try {
    const rows = info.symbols.length;
    const features = d.dimension;
    for (let step = 0; step < d.steps;) {
      const n = Math.min(20, d.steps - step);
      const loss = session.step(n).meanLoss;
      step += n;
      const values = session.parameters().slice(weight.offset, weight.offset + rows * features);
      const table = { values, rows, features };
      const projected = features > 3;
      const pca = projected ? engine.inspect.principalComponents(table, 2) : null;
      const similarity = info.name === 'word-pairs'
        ? info.symbols.map((_, i) => {
          const row = new Array<number>(rows).fill(1);
          for (const n of engine.inspect.nearestByCosine(table, i, rows - 1)) row[n.index] = n.similarity;
          return row;
        })
        : [];
      const view: EmbeddingView = {
        rows, features, projected, dims: projected ? 2 : features,
        points: pca === null ? values : pca.points, explained: pca === null ? [] : Array.from(pca.explained), neighbours: [],
      };
      post({ type: 'embed-progress', task: info.name, step, steps: d.steps, loss, view, similarity });
      await yieldToEvents();
      if (!stillMine()) return;
    }
  } finally {
    session.dispose();
  }
}
