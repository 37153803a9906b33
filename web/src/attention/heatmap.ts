// Attention maps as grids of cells (query rows × key columns), one per head
// and layer, for the current example. Built once per shape, then only the
// cells' shade and data-weight change as training runs. Hovering or tapping a
// cell shows its query token, key token and weight in the map's readout.
import { fmt } from '../playground/colors';
import type { AttentionMap } from './protocol';

export interface MapGrid {
  /** The grid's root element (for tests and layout). */
  readonly root: HTMLElement;
  update(maps: AttentionMap[], tokens: string[], focusMap: number, focusHead: number): void;
}

/** A weight in [0, 1] as a shade: black → amber. */
export function shade(weight: number): string {
  const w = Math.max(0, Math.min(1, weight));
  return `rgb(${Math.round(255 * w)}, ${Math.round(200 * w)}, ${Math.round(61 * w)})`;
}

export function setUpMapGrid(root: HTMLElement, onPick: (map: number, head: number, query: number) => void): MapGrid {
  let shapeKey = '';
  let cells: HTMLElement[][] = []; // [map*heads + head][t*T + j]
  let names: string[] = [];

  const build = (maps: AttentionMap[], T: number): void => {
    root.replaceChildren();
    cells = [];
    maps.forEach((map, m) => {
      for (let h = 0; h < map.heads; h++) {
        const figure = document.createElement('figure');
        figure.className = 'attn-map';
        figure.dataset.testid = 'attention-map';
        figure.dataset.map = String(m);
        figure.dataset.head = String(h);
        const caption = document.createElement('figcaption');
        figure.append(caption);
        const grid = document.createElement('div');
        grid.className = 'attn-grid';
        grid.style.gridTemplateColumns = `auto repeat(${T}, minmax(0, 1fr))`;
        grid.setAttribute('role', 'group');
        const own: HTMLElement[] = [];
        const corner = document.createElement('span');
        corner.className = 'attn-axis';
        corner.textContent = 'q\\k';
        grid.append(corner);
        const keyLabels: HTMLElement[] = [];
        for (let j = 0; j < T; j++) {
          const label = document.createElement('span');
          label.className = 'attn-axis';
          keyLabels.push(label);
          grid.append(label);
        }
        for (let t = 0; t < T; t++) {
          const label = document.createElement('button');
          label.type = 'button';
          label.className = 'attn-axis attn-query';
          label.dataset.testid = 'attention-query';
          label.addEventListener('click', () => onPick(m, h, t));
          grid.append(label);
          keyLabels.push(label);
          for (let j = 0; j < T; j++) {
            const cell = document.createElement('span');
            cell.className = 'attn-cell';
            cell.dataset.t = String(t);
            cell.dataset.j = String(j);
            const show = (): void => {
              const w = Number(cell.dataset.weight ?? '0');
              readout.textContent = `query ${t} "${names[t] ?? ''}" → key ${j} "${names[j] ?? ''}": weight ${fmt(w, 3)}`;
            };
            cell.addEventListener('mouseenter', show);
            cell.addEventListener('click', show);
            grid.append(cell);
            own.push(cell);
          }
        }
        const readout = document.createElement('p');
        readout.className = 'attn-readout';
        readout.dataset.testid = 'attention-readout';
        readout.setAttribute('aria-live', 'polite');
        readout.textContent = 'Hover or tap a cell: its query token, key token and weight.';
        figure.append(grid, readout);
        root.append(figure);
        cells.push(own);
        (figure as HTMLElement & { axis?: HTMLElement[] }).axis = keyLabels;
      }
    });
  };

  return {
    root,
    update(maps, tokens, focusMap, focusHead) {
      const T = tokens.length;
      names = tokens;
      const key = `${T}:${maps.map((m) => m.heads).join(',')}`;
      if (key !== shapeKey) {
        build(maps, T);
        shapeKey = key;
      }
      let index = 0;
      maps.forEach((map, m) => {
        for (let h = 0; h < map.heads; h++, index++) {
          const figure = root.children[index] as HTMLElement & { axis?: HTMLElement[] };
          const mass = map.alignedMass[h] ?? 0;
          figure.dataset.mass = String(mass);
          figure.dataset.focused = String(m === focusMap && h === focusHead);
          const caption = figure.querySelector('figcaption')!;
          caption.textContent = `${map.label} · head ${h}${map.causal ? ' · causal' : ''} · mass on the answer's key: ${fmt(mass, 3)}`;
          const axis = figure.axis ?? [];
          for (let j = 0; j < T; j++) axis[j]!.textContent = tokens[j] ?? '';
          for (let t = 0; t < T; t++) {
            const q = axis[T + t]!;
            q.textContent = tokens[t] ?? '';
            q.setAttribute('aria-label', `Step through query ${t} "${tokens[t] ?? ''}" of ${map.label}, head ${h}`);
          }
          const own = cells[index]!;
          let description = '';
          for (let t = 0; t < T; t++) {
            let best = 0;
            for (let j = 0; j < T; j++) {
              const w = map.values[(h * T + t) * T + j] ?? 0;
              const cell = own[t * T + j]!;
              cell.dataset.weight = String(w);
              cell.style.background = shade(w);
              if (w > (map.values[(h * T + t) * T + best] ?? 0)) best = j;
            }
            description += `query ${t} looks most at key ${best}. `;
          }
          figure.querySelector('.attn-grid')!.setAttribute('aria-label', `Attention weights, ${map.label}, head ${h}: ${description}`);
        }
      });
    },
  };
}
