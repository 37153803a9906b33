// Trained models kept in IndexedDB, so they survive a reload.
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

function request<T>(req: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error ?? new Error('IndexedDB request failed'));
  });
}

function open(): Promise<IDBDatabase> {
  const req = indexedDB.open(DB_NAME, 1);
  req.onupgradeneeded = () => {
    req.result.createObjectStore(STORE, { keyPath: 'id', autoIncrement: true });
  };
  return request(req);
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
