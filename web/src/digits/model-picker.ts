// Which shipped model answers: a <select> over models.json, with the chosen
// model's description underneath.
import type { ModelEntry } from './model';

export interface ModelPicker {
  readonly value: string;
  /** Shows `id` as chosen (e.g. to roll back after a failed load). */
  select(id: string): void;
  setBusy(busy: boolean): void;
}

export function setUpModelPicker(select: HTMLSelectElement, note: HTMLElement, models: readonly ModelEntry[], onChange: (entry: ModelEntry) => void): ModelPicker {
  select.replaceChildren(...models.map((model) => {
    const option = document.createElement('option');
    option.value = model.id;
    option.textContent = model.name;
    return option;
  }));
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
  };
}
