// Writes web/src/lab/measured.json: each Lab experiment run natively with its
// default settings (`glassbox lab ID --json`), its verdict and summary. The
// Lab's index quotes them; tests/engine/test_lab.cpp holds them exactly.
// Usage: node scripts/lab-measured.mjs [path to the glassbox CLI]
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

const cli = process.argv[2] ?? 'build/native-release/engine/glassbox';
const ids = ['optimizers', 'activations', 'depth', 'recurrence', 'cnn-mlp', 'attention', 'embeddings', 'overfitting', 'stability', 'early-stopping'];
const experiments = {};
for (const id of ids) {
  const result = JSON.parse(execFileSync(cli, ['lab', id, '--json'], { encoding: 'utf8' }));
  experiments[id] = { verdict: result.verdict, summary: result.summary };
  console.log(`${id}: ${result.verdict}. ${result.summary}`);
}
const date = new Date().toISOString().slice(0, 10);
writeFileSync('web/src/lab/measured.json', `${JSON.stringify({ date, command: 'node scripts/lab-measured.mjs', experiments }, null, 2)}\n`);
