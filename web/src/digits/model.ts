// The shipped digit models: the list in models/models.json, and opening one.
import type { Engine, Network } from '../engine';
import { fetchAsset } from '../offline';

export const MODELS_BASE = `${import.meta.env.BASE_URL}models/`;
export const MODEL_LIST_URL = `${MODELS_BASE}models.json`;
export const DIGIT_MODEL_URL = `${MODELS_BASE}mnist-cnn.safetensors`;

/** One entry of models.json. */
export interface ModelEntry {
  id: string;
  name: string;
  /** File name under models/. */
  file: string;
  description: string;
  /** A model made in this tab (trained or imported): its .safetensors bytes, used instead of `file`. */
  bytes?: Uint8Array;
}

/** Validates models.json ({models: [{id, name, file, description}]}); throws naming what is wrong. */
export function parseModelList(json: unknown): ModelEntry[] {
  const models = (json as { models?: unknown } | null)?.models;
  if (!Array.isArray(models) || models.length === 0) throw new Error('models.json must have a non-empty "models" list');
  const seen = new Set<string>();
  return models.map((entry: unknown, i) => {
    const e = entry as Partial<Record<keyof ModelEntry, unknown>> | null;
    for (const field of ['id', 'name', 'file'] as const) {
      if (typeof e?.[field] !== 'string' || e[field] === '') throw new Error(`models.json: models[${i}].${field} must be a non-empty string`);
    }
    const file = e!.file as string;
    // Files live next to models.json; a path could point anywhere, including off-site.
    if (file.includes('/') || file.includes('\\') || file.includes(':')) throw new Error(`models.json: models[${i}].file must be a plain file name, got "${file}"`);
    const id = e!.id as string;
    if (seen.has(id)) throw new Error(`models.json: the id "${id}" appears twice`);
    seen.add(id);
    return { id, name: e!.name as string, file, description: typeof e!.description === 'string' ? e!.description : '' };
  });
}

export function modelUrl(entry: ModelEntry): string {
  return `${MODELS_BASE}${entry.file}`;
}

const download = fetchAsset;

export async function loadModelList(url = MODEL_LIST_URL): Promise<ModelEntry[]> {
  const response = await download(url, 'the model list');
  let json: unknown;
  try {
    json = await response.json();
  } catch {
    throw new Error(`The model list (${url}) is not valid JSON.`);
  }
  return parseModelList(json);
}

export async function loadDigitModel(engine: Engine, url = DIGIT_MODEL_URL, what = 'the digit model'): Promise<Network> {
  const response = await download(url, what);
  return digitNetworkFromBytes(engine, new Uint8Array(await response.arrayBuffer()));
}

/** Opens .safetensors bytes as a digit model; throws the engine's message, or one about the shape. */
export function digitNetworkFromBytes(engine: Engine, bytes: Uint8Array): Network {
  const network = engine.networkFromSafetensors(bytes);
  if (network.inputSize !== 28 * 28 || network.outputSize !== 10) {
    const shape = `${network.inputSize} → ${network.outputSize}`;
    network.dispose();
    throw new Error(`The digit model must map 784 pixels to 10 classes, but this one is ${shape}.`);
  }
  return network;
}
