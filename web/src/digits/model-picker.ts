// Which shipped model answers: a <select> over models.json, with the chosen
// model's description underneath.
import type { ModelEntry } from './model';

export interface ModelPicker {
  readonly value: string;
  /** Shows `id` as chosen (e.g. to roll back after a failed load). */
  select(id: string): void;
  setBusy(busy: boolean): void;
  /** Adds a model (or replaces the one with the same id) at the end of the list. */
  add(entry: ModelEntry): void;
}

export function setUpModelPicker(select: HTMLSelectElement, note: HTMLElement, models: ModelEntry[], onChange: (entry: ModelEntry) => void): ModelPicker {
  function option(model: ModelEntry): HTMLOptionElement {
    const option = document.createElement('option');
    option.value = model.id;
    option.textContent = model.name;
    return option;
  }
  select.replaceChildren(...models.map(option));
  // One model: nothing to pick, but still say which one it is.
  select.disabled = models.length < 2;

  function describe(): void {
    note.textContent = models.find((m) => m.id === select.value)?.description ?? '';
  }

  select.addEventListener('change', () => {
    describe();
    const entry = models.find((m) => m.id === select.value);
    if (entry !== undefined) onChange(entry);
  });
  describe();

  return {
    get value() {
      return select.value;
    },
    select(id) {
      select.value = id;
      describe();
    },
    setBusy(busy) {
      select.disabled = busy || models.length < 2;
      select.setAttribute('aria-busy', String(busy));
    },
    add(entry) {
      const i = models.findIndex((m) => m.id === entry.id);
      if (i >= 0) {
        models[i] = entry;
        select.options[i]!.textContent = entry.name;
      } else {
        models.push(entry);
        select.append(option(entry));
      }
      select.disabled = select.getAttribute('aria-busy') === 'true' || models.length < 2;
      describe();
    },
  };
}
