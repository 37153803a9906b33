// Export: the trained model as .safetensors, plus PyTorch and Keras code
// that rebuilds the same architecture and loads those weights.
import { kerasSnippet, pytorchSnippet, type ExportSpec } from './codegen';
import { el } from './dom';
import type { Run } from './run';

export function exportSpec(run: Run): ExportSpec | null {
  if (run.session === null || run.dense.length === 0) return null;
  return { layers: run.dense, loss: run.state.loss, file: `glassbox-${run.state.problem}.safetensors` };
}

export function setUpExport(root: HTMLElement, current: () => Run): void {
  const download = el('button', { type: 'button', text: 'Download .safetensors', 'data-testid': 'export-download' });
  const show = el('button', { type: 'button', text: 'Show PyTorch and Keras code', 'data-testid': 'export-code' });
  const torch = el('pre', { class: 'pg-code', 'data-testid': 'code-pytorch' });
  const keras = el('pre', { class: 'pg-code', 'data-testid': 'code-keras' });
  const note = el('p', { class: 'pg-muted' });
  root.append(el('h2', { text: 'Export' }), el('div', { class: 'pg-row' }, download, show), note, torch, keras);

  download.addEventListener('click', () => {
    const run = current();
    const spec = exportSpec(run);
    if (run.session === null || spec === null) return;
    const bytes = run.session.toSafetensors();
    const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }));
    const a = el('a', { href: url, download: spec.file });
    a.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
    note.textContent = `${spec.file}: ${bytes.length} bytes.`;
  });
  show.addEventListener('click', () => {
    const spec = exportSpec(current());
    if (spec === null) return;
    torch.textContent = `# PyTorch (our weights are (in, out); nn.Linear wants (out, in), hence .T)\n${pytorchSnippet(spec)}`;
    keras.textContent = `# Keras (Dense kernels are (in, out), like ours)\n${kerasSnippet(spec)}`;
    note.textContent = 'Dropout is only used in training, so the code leaves it out. The output function follows the loss (softmax for cross-entropy, sigmoid for binary cross-entropy).';
  });
}
