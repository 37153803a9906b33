// Writes web/src/lab/measured.json: each Lab experiment run natively with its
// default settings (`glassbox lab ID --json`), its verdict and summary, and
// the index's thumbnail: one headline number per arm (and, for the attention
// and embeddings experiments, the first measured matrix). The Lab's index
// quotes them; tests/engine/test_lab.cpp holds them exactly.
// Usage: node scripts/lab-measured.mjs [path to the glassbox CLI]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const cli = process.argv[2] ?? 'build/native-release/engine/glassbox';
/** Each experiment's headline number, the one its thumbnail draws per arm. */
const HEADLINE = {
  optimizers: 'epochs to target',
  activations: 'test accuracy %',
  depth: 'test accuracy %',
  recurrence: 'correct (|error| < 0.04) %',
  'cnn-mlp': 'test accuracy %',
  attention: 'test accuracy %',
  embeddings: 'renamed pairs cos',
  overfitting: 'test accuracy %',
  stability: 'test accuracy %',
  'early-stopping': 'test accuracy %',
};
const experiments = {};
for (const [id, key] of Object.entries(HEADLINE)) {
  const result = JSON.parse(execFileSync(cli, ['lab', id, '--json'], { encoding: 'utf8' }));
  const thumbnail = { key, arms: result.arms.map((a) => a.name), values: result.arms.map((a) => a.numbers[key]) };
  const matrix = result.arms[0].matrices[0];
  if (matrix !== undefined) thumbnail.matrix = matrix;
  experiments[id] = { verdict: result.verdict, summary: result.summary, thumbnail };
  console.log(`${id}: ${result.verdict}. ${result.summary}`);
}
const date = new Date().toISOString().slice(0, 10);
writeFileSync('web/src/lab/measured.json', `${JSON.stringify({ date, command: 'node scripts/lab-measured.mjs', experiments }, null, 2)}\n`);
