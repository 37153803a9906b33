// Export: the trained model as .safetensors, as a PyTorch module (an nn.Module
// with its loader) and as an ONNX file. The engine writes all three (its
// exporter, through wasm); nothing here knows a layer type.
import type { ExportFormat } from '../engine';
import { el } from './dom';
import type { Run } from './run';

export interface ExportNames {
  safetensors: string;
  /** A Python module name must be an identifier: underscores, no dashes. */
  pytorch: string;
  onnx: string;
}

export function exportNames(problem: string): ExportNames {
  return {
    safetensors: `glassbox-${problem}.safetensors`,
    pytorch: `glassbox_${problem.replace(/[^A-Za-z0-9_]/g, '_')}.py`,
    onnx: `glassbox-${problem}.onnx`,
  };
}

function save(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([new Uint8Array(bytes)], { type: 'application/octet-stream' }));
  el('a', { href: url, download: name }).click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function setUpExport(root: HTMLElement, current: () => Run): void {
  const download = el('button', { type: 'button', text: 'Download .safetensors', 'data-testid': 'export-download' });
  const torchFile = el('button', { type: 'button', text: 'Download PyTorch (.py)', 'data-testid': 'export-pytorch' });
  const onnxFile = el('button', { type: 'button', text: 'Download ONNX (.onnx)', 'data-testid': 'export-onnx' });
  const show = el('button', { type: 'button', text: 'Show the PyTorch code', 'data-testid': 'export-code' });
  // tabindex 0: a scrollable block must be reachable by keyboard to scroll it.
  const code = el('pre', { class: 'pg-code', 'data-testid': 'code-pytorch', tabindex: '0' });
  const note = el('p', { class: 'pg-muted', 'data-testid': 'export-note' });
  root.append(el('h2', { text: 'Export' }), el('div', { class: 'pg-row' }, download, torchFile, onnxFile, show), note, code);

  /** Runs one export; an engine refusal (a layer it cannot export) is shown, and nothing else changes. */
  const attempt = (action: (run: Run, names: ExportNames) => string): void => {
    const run = current();
    if (run.session === null) return;
    try {
      note.textContent = action(run, exportNames(run.state.problem));
    } catch (error) {
      note.textContent = `Export failed: ${error instanceof Error ? error.message : String(error)}`;
    }
  };
  const exported = (run: Run, format: ExportFormat, names: ExportNames): Uint8Array =>
    run.session!.exportModel(format, names.safetensors);

  download.addEventListener('click', () => attempt((run, names) => {
    const bytes = run.session!.toSafetensors();
    save(bytes, names.safetensors);
    return `${names.safetensors}: ${bytes.length} bytes.`;
  }));
  torchFile.addEventListener('click', () => attempt((run, names) => {
    const bytes = exported(run, 'pytorch', names);
    save(bytes, names.pytorch);
    return `${names.pytorch}: an nn.Module, load(path) and save(model, path); needs torch and numpy. Put it beside ${names.safetensors}.`;
  }));
  onnxFile.addEventListener('click', () => attempt((run, names) => {
    const bytes = exported(run, 'onnx', names);
    save(bytes, names.onnx);
    return `${names.onnx}: ONNX opset 17, input "input" (batch, features), output "output": the network's raw outputs (a classifier's before softmax or sigmoid).`;
  }));
  show.addEventListener('click', () => attempt((run, names) => {
    code.textContent = new TextDecoder().decode(exported(run, 'pytorch', names));
    return 'Written by the engine, the same code as the .py download.';
  }));
}
