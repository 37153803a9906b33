// Step inside one cell at time t: the gate equations of the chosen unit with
// the engine's numbers for the chosen example (x_t, the gates, c_t, h_t), and
// the gradient one step back, ‖∂L/∂h_t‖ → ‖∂L/∂h_{t−1}‖. Arrow keys (with the
// focus in the panel) or the buttons move t, as in the playground's
// step-through (playground/backprop.ts). Nothing is recomputed here.
import { fmt } from '../playground/colors';
import { el } from '../playground/dom';
import { markSymbols } from '../glossary/symbols';
import { termElement } from '../glossary/tooltip';
import type { TermKey } from '../glossary/terms';
import type { CellInspection } from './protocol';
import { CELL_NAMES } from './charts';
import { stepWithArrowKeys } from '../step-keys';

export interface StepThrough {
  show(cell: CellInspection | null, time: number): void;
  readonly time: number;
  readonly unit: number;
}

const f = (v: number | undefined): string => fmt(v ?? 0, 4);

/** Value of a T × H tensor at step k (0-based), unit j. */
function at(values: Float32Array, units: number, k: number, j: number): number {
  return values[k * units + j] ?? 0;
}

/** A gate's activated value: gates are T × gateCount × H. */
function gate(c: CellInspection, k: number, g: number, j: number): number {
  return c.gates[(k * c.gateCount + g) * c.units + j] ?? 0;
}

/** A gate's pre-activation a (what goes into σ or tanh): T × max(gates, 1) × H. */
function pre(c: CellInspection, k: number, g: number, j: number): number {
  return c.pre[(k * Math.max(1, c.gateCount) + g) * c.units + j] ?? 0;
}

/** A line of an equation: glossary terms and text. */
function line(testId: string, ...parts: (string | Node | [TermKey, string])[]): HTMLElement {
  return el('p', { class: 'sq-eq', 'data-testid': testId }, ...parts.map((p) => (typeof p === 'string' || p instanceof Node ? p : termElement(p[0], p[1]))));
}

export function setUpStepThrough(root: HTMLElement, onTime: (time: number) => void): StepThrough {
  let cell: CellInspection | null = null;
  let time = 1;
  let unit = 0;
  const prev = el('button', { type: 'button', 'data-testid': 'cell-prev', text: '← t − 1' });
  const next = el('button', { type: 'button', 'data-testid': 'cell-next', text: 't + 1 →' });
  const unitPick = el('select', { 'aria-label': 'Unit', 'data-testid': 'cell-unit' });
  const where = el('p', { class: 'sq-where', 'data-testid': 'cell-time', 'aria-live': 'polite' });
  const body = el('div', { class: 'sq-cell-body', 'data-testid': 'cell-body' });
  const unitLabel = el('label', { class: 'sq-field' }, termElement('unit', 'unit'), unitPick);
  root.replaceChildren(
    el('div', { class: 'sq-cell-controls' }, prev, next, unitLabel),
    where,
    body,
  );
  root.tabIndex = 0;

  function steps(): number {
    return cell === null ? 1 : cell.hidden.length / cell.units;
  }

  function render(): void {
    const T = steps();
    time = Math.max(1, Math.min(T, time));
    prev.disabled = cell === null || time <= 1;
    next.disabled = cell === null || time >= T;
    if (cell === null) {
      where.textContent = 'Train (or wait for the first evaluation) to step through a cell.';
      body.replaceChildren();
      return;
    }
    const c = cell;
    if (unitPick.options.length !== c.units) {
      unitPick.replaceChildren(...Array.from({ length: c.units }, (_, j) => el('option', { value: String(j), text: String(j + 1) })));
    }
    unit = Math.min(unit, c.units - 1);
    unitPick.value = String(unit);
    const k = time - 1;
    const j = unit;
    where.textContent = `${CELL_NAMES[c.cell]} at t = ${time} of ${T}, unit ${j + 1} of ${c.units}`;
    const x = Array.from(c.input.slice(k * c.features, (k + 1) * c.features), (v) => f(v));
    const hPrev = k === 0 ? 0 : at(c.hidden, c.units, k - 1, j);
    const h = at(c.hidden, c.units, k, j);
    const hPrevText = k === 0 ? 'h₀ = 0' : `h_{t−1} = ${f(hPrev)}`;
    const parts: HTMLElement[] = [
      line('cell-x', ['xt', 'x_t'], ` = [${x.join(', ')}]   `, ['ht', hPrevText]),
    ];
    if (c.cell === 'lstm') {
      const [i, fg, g, o] = [0, 1, 2, 3].map((n) => gate(c, k, n, j)) as [number, number, number, number];
      const cPrev = k === 0 ? 0 : at(c.cellState, c.units, k - 1, j);
      const cNow = at(c.cellState, c.units, k, j);
      const a = (n: number): string => f(pre(c, k, n, j));
      parts.push(
        line('cell-gate', ['preGate', 'a_i'], ` = W_ii x_t + b_ii + W_hi h_{t−1} + b_hi = ${a(0)};  `, ['gateI', 'i'], ` = σ(a_i) = σ(${a(0)}) = `, f(i)),
        line('cell-gate', ['preGate', 'a_f'], ` = W_if x_t + b_if + W_hf h_{t−1} + b_hf = ${a(1)};  `, ['gateF', 'f'], ` = σ(a_f) = σ(${a(1)}) = `, f(fg)),
        line('cell-gate', ['preGate', 'a_g'], ` = W_ig x_t + b_ig + W_hg h_{t−1} + b_hg = ${a(2)};  `, ['gateG', 'g'], ' = ', ['tanh', 'tanh'], `(a_g) = tanh(${a(2)}) = `, f(g)),
        line('cell-gate', ['preGate', 'a_o'], ` = W_io x_t + b_io + W_ho h_{t−1} + b_ho = ${a(3)};  `, ['gateO', 'o'], ` = σ(a_o) = σ(${a(3)}) = `, f(o)),
        line('cell-c', ['ct', 'c_t'], ` = f ⊙ c_{t−1} + i ⊙ g = ${f(fg)} × ${f(cPrev)} + ${f(i)} × ${f(g)} = `, el('strong', { text: f(cNow) })),
        line('cell-h', ['ht', 'h_t'], ` = o ⊙ `, ['tanh', 'tanh'], `(c_t) = ${f(o)} × tanh(${f(cNow)}) = `, el('strong', { text: f(h) })),
      );
    } else if (c.cell === 'gru') {
      const [r, z, n] = [0, 1, 2].map((q) => gate(c, k, q, j)) as [number, number, number];
      const a = (q: number): string => f(pre(c, k, q, j));
      parts.push(
        line('cell-gate', ['preGate', 'a_r'], ` = W_ir x_t + b_ir + W_hr h_{t−1} + b_hr = ${a(0)};  `, ['gateR', 'r'], ` = σ(a_r) = σ(${a(0)}) = `, f(r)),
        line('cell-gate', ['preGate', 'a_z'], ` = W_iz x_t + b_iz + W_hz h_{t−1} + b_hz = ${a(1)};  `, ['gateZ', 'z'], ` = σ(a_z) = σ(${a(1)}) = `, f(z)),
        line('cell-gate', ['preGate', 'a_n'], ` = W_in x_t + b_in + r ⊙ (W_hn h_{t−1} + b_hn) = ${a(2)};  `, ['gateN', 'n'], ' = ', ['tanh', 'tanh'], `(a_n) = tanh(${a(2)}) = `, f(n)),
        line('cell-h', ['ht', 'h_t'], ` = (1 − z) ⊙ n + z ⊙ h_{t−1} = (1 − ${f(z)}) × ${f(n)} + ${f(z)} × ${f(hPrev)} = `, el('strong', { text: f(h) })),
      );
    } else {
      parts.push(
        line('cell-gate', ['preGate', 'a'], ` = W_ih x_t + b_ih + W_hh h_{t−1} + b_hh = ${f(pre(c, k, 0, j))}`),
        line('cell-h', ['ht', 'h_t'], ' = ', ['tanh', 'tanh'], `(a) = tanh(${f(pre(c, k, 0, j))}) = `, el('strong', { text: f(h) })),
      );
    }
    parts.push(el('p', { class: 'sq-muted', text: 'Every number is the engine\'s, read from its trace of this example: the pre-activations a (the weighted sums of x_t and h_{t−1} for each gate\'s rows of W_ih and W_hh), the gates after σ or tanh, and the states.' }));

    // The gradient one step back in time.
    const now = c.gradNorm[k] ?? 0;
    const back = k === 0 ? null : c.gradNorm[k - 1] ?? 0;
    const gradLine = back === null
      ? line('cell-delta', ['gradTime', `‖∂L/∂h_t‖ = ${f(now)}`], ' at t = 1: there is no earlier step to send δ to.')
      : line('cell-delta', ['gradTime', `‖∂L/∂h_t‖ = ${f(now)}`], ' → one step back, ', ['gradTime', `‖∂L/∂h_{t−1}‖ = ${f(back)}`],
        now > 0 ? `  (× ${fmt(back / now, 3)})` : '');
    const why = c.cell === 'lstm'
      ? `Along the cell state δ goes back as δc_{t−1} = f ⊙ δc_t: this unit keeps f = ${f(gate(c, k, 1, j))} of it each step, with no squashing.`
      : c.cell === 'gru'
        ? `δ reaches h_{t−1} directly as z ⊙ δh_t (this unit: z = ${f(gate(c, k, 1, j))}), plus the paths through the gates.`
        : `δ goes back as δh_{t−1} = W_hhᵀ (δh_t ⊙ (1 − h_t²)): every step multiplies by W_hhᵀ and by tanh's slope, at most 1 (this unit: h_t = ${f(h)}).`;
    parts.push(el('h3', { text: 'δ flowing back one step' }), gradLine, el('p', { class: 'sq-muted', text: why }));
    body.replaceChildren(...parts);
    markSymbols(body);
  }

  function move(delta: number): void {
    const target = Math.max(1, Math.min(steps(), time + delta));
    if (target === time) return;
    time = target;
    render();
    onTime(time);
  }
  prev.addEventListener('click', () => move(-1));
  next.addEventListener('click', () => move(1));
  unitPick.addEventListener('change', () => {
    unit = Number(unitPick.value);
    render();
  });
  stepWithArrowKeys(root, move);

  return {
    show(inspection, at) {
      cell = inspection;
      time = at;
      render();
    },
    get time() {
      return time;
    },
    get unit() {
      return unit;
    },
  };
}
