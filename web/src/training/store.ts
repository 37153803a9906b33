// Trained models kept in IndexedDB, so they survive a reload, and the
// checkpoint of an unfinished run (one record), so a closed tab can resume it.
import type { RunCheckpoint } from './protocol';

export interface SavedModel {
  id: number;
  name: string;
  /** Milliseconds since 1970. */
  date: number;
  architecture: string;
  /** Test accuracy in [0, 1], or null when unknown (an imported file). */
  accuracy: number | null;
  bytes: Uint8Array;
}

export type NewModel = Omit<SavedModel, 'id'>;

export interface ModelStore {
  list(): Promise<SavedModel[]>;
  add(model: NewModel): Promise<SavedModel>;
  remove(id: number): Promise<void>;
}

const DB_NAME = 'glassbox';
const STORE = 'trained-models';
const CHECKPOINTS = 'run-checkpoint';
const CHECKPOINT_KEY = 'current';

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

// Version 2 adds the checkpoint store; a version-1 database keeps its models.
function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 2);
  req.onupgradeneeded = () => {
    const names = req.result.objectStoreNames;
    if (!names.contains(STORE)) req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
    if (!names.contains(CHECKPOINTS)) req.result.createObjectStore(CHECKPOINTS);
  };
  return request(req);
}

/** The checkpoint of the run in progress: at most one, replaced as the run goes on. */
export interface CheckpointStore {
  load(): Promise<RunCheckpoint | null>;
  save(checkpoint: RunCheckpoint): Promise<void>;
  clear(): Promise<void>;
}

export async function openCheckpointStore(): Promise<CheckpointStore> {
  const db = await open();
  const tx = (mode: IDBTransactionMode) => db.transaction(CHECKPOINTS, mode).objectStore(CHECKPOINTS);
  return {
    async load() {
      const found = await request(tx('readonly').get(CHECKPOINT_KEY) as IDBRequest<RunCheckpoint | undefined>);
      return found ?? null;
    },
    async save(checkpoint) {
      await request(tx('readwrite').put(checkpoint, CHECKPOINT_KEY));
    },
    async clear() {
      await request(tx('readwrite').delete(CHECKPOINT_KEY));
    },
  };
}

/** No IndexedDB (private modes): checkpoints last as long as the page. */
export function memoryCheckpointStore(): CheckpointStore {
  let current: RunCheckpoint | null = null;
  return {
    load: () => Promise.resolve(current),
    save(checkpoint) {
      current = checkpoint;
      return Promise.resolve();
    },
    clear() {
      current = null;
      return Promise.resolve();
    },
  };
}

export async function openModelStore(): Promise<ModelStore> {
  const db = await open();
  const tx = (mode: IDBTransactionMode) => db.transaction(STORE, mode).objectStore(STORE);
  return {
    async list() {
      const all = await request(tx('readonly').getAll() as IDBRequest<SavedModel[]>);
      return all.sort((a, b) => b.date - a.date);
    },
    async add(model) {
      const id = await request(tx('readwrite').add(model));
      return { ...model, id: Number(id) };
    },
    async remove(id) {
      await request(tx('readwrite').delete(id));
    },
  };
}

/** A store that forgets on reload, for browsers without IndexedDB (private modes). */
export function memoryModelStore(): ModelStore {
  const models: SavedModel[] = [];
  let next = 1;
  return {
    list: () => Promise.resolve([...models].sort((a, b) => b.date - a.date)),
    add(model) {
      const saved = { ...model, id: next++ };
      models.push(saved);
      return Promise.resolve(saved);
    },
    remove(id) {
      const i = models.findIndex((m) => m.id === id);
      if (i >= 0) models.splice(i, 1);
      return Promise.resolve();
    },
  };
}
