// A Glassbox model file with chosen parameter values: the lessons let the
// reader set weights with sliders, and the engine reads them from a
// .safetensors file (the facade has no setParameters yet). This only moves
// bytes: it takes a file the engine wrote and overwrites its tensors' data.
import type { LayerInfo } from '../engine/network';

interface TensorEntry {
  dtype: string;
  shape: number[];
  data_offsets: [number, number];
}

function headerOf(bytes: Uint8Array): { length: number; header: Record<string, unknown> } {
  if (bytes.byteLength < 8) throw new Error('not a safetensors file: shorter than 8 bytes');
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (length > bytes.byteLength - 8) throw new Error('not a safetensors file: the header is truncated');
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  return { length, header: JSON.parse(text) as Record<string, unknown> };
}

function isEntry(value: unknown): value is TensorEntry {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<TensorEntry>;
  return v.dtype === 'F32' && Array.isArray(v.shape) && Array.isArray(v.data_offsets) && v.data_offsets.length === 2;
}

/**
 * A copy of `file` (written by the engine for a model whose `layers()` are
 * `layers`) whose parameters are `params`, laid out like `Network.parameters()`:
 * a dense layer's W (in × out, row-major) at its offset, then its bias.
 */
export function withParameters(file: Uint8Array, layers: readonly LayerInfo[], params: Float32Array): Uint8Array {
  const { length, header } = headerOf(file);
  const out = file.slice();
  const dataStart = 8 + length;
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  for (const [name, value] of Object.entries(header)) {
    if (name === '__metadata__') continue;
    const match = /^layers\.(\d+)\.(weight|bias)$/.exec(name);
    const layer = match === null ? undefined : layers[Number(match[1])];
    if (match === null || layer === undefined || !isEntry(value)) throw new Error(`unexpected tensor '${name}' in the model file`);
    const weights = layer.inputSize * layer.outputSize;
    const from = layer.parameterOffset + (match[2] === 'weight' ? 0 : weights);
    const count = match[2] === 'weight' ? weights : layer.outputSize;
    const [begin, end] = value.data_offsets;
    if (end - begin !== count * 4) throw new Error(`tensor '${name}' does not have ${count} floats`);
    if (from + count > params.length) throw new Error(`parameters: need at least ${from + count} values, got ${params.length}`);
    for (let i = 0; i < count; i++) view.setFloat32(dataStart + begin + i * 4, params[from + i]!, true);
  }
  return out;
}
