// Which lessons and tasks the reader has finished, kept in localStorage so a
// reload (or tomorrow's class) picks up where they left off.
const KEY = 'glassbox.lessons.progress.v1';

export interface Progress {
  isDone(task: string): boolean;
  markDone(task: string): void;
  done(): string[];
  reset(): void;
  onChange(listener: () => void): void;
}

function read(storage: Storage | undefined): Set<string> {
  try {
    const parsed: unknown = JSON.parse(storage?.getItem(KEY) ?? '[]');
    return new Set(Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : []);
  } catch {
    return new Set();
  }
}

/** Progress in `storage` (window.localStorage by default; private modes without storage keep it in memory). */
export function loadProgress(storage: Storage | undefined = globalThis.localStorage): Progress {
  const tasks = read(storage);
  const listeners: (() => void)[] = [];
  const save = (): void => {
    try {
      storage?.setItem(KEY, JSON.stringify([...tasks].sort()));
    } catch {
      // Storage full or blocked: progress lasts for this page only.
    }
    for (const l of listeners) l();
  };
  return {
    isDone: (task) => tasks.has(task),
    markDone(task) {
      if (tasks.has(task)) return;
      tasks.add(task);
      save();
    },
    done: () => [...tasks].sort(),
    reset() {
      tasks.clear();
      save();
    },
    onChange: (listener) => void listeners.push(listener),
  };
}
