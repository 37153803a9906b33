// The live network diagram (SVG): every neuron and every weight. Weight
// colour is its sign (orange +, blue −), width its magnitude; a neuron's fill
// is its bias. Hover shows the exact value; clicking a weight selects it for
// the backprop walk-through. The keyboard reaches the same details: one weight
// is in the Tab order (roving tabindex), the arrow keys move between weights
// (↑ ↓ within a layer, ← → between layers), focus shows the hover text, and
// Enter or Space does what a click does.
import type { Network, NamedTensor } from '../engine/network';
import { matrixAt, type DenseStep } from './backprop';
import type { Stage } from './backprop-text';
import type { DenseLayer } from './dense-layers';
import { fmt, signColor, weightWidth, divergingRgb, rgb } from './colors';
import { el } from './dom';

const SVG = 'http://www.w3.org/2000/svg';
const W = 560;
const H = 340;

export interface WeightRef {
  /** Dense layer number (0 = first). */
  dense: number;
  from: number;
  to: number;
}

export interface DiagramHandlers {
  /** Hover on a hidden or output neuron (dense layer, index), or null on leave. */
  hoverNeuron(dense: number, neuron: number): void;
  leaveNeuron(): void;
  selectWeight(ref: WeightRef): void;
}

export interface Diagram {
  /** `dense`: the network's weight layers (Run.dense). */
  update(network: Network | null, dense: readonly DenseLayer[]): void;
  /** The backprop sample's numbers: neuron tooltips then also show its z and a. */
  setTrace(steps: DenseStep[], sample: number): void;
  /** Highlights what the step-through's stage is about: a layer's weights and neurons, the outputs, or the weight being updated. */
  setStage(stage: Stage, selected: WeightRef): void;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number>): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

export function setUpDiagram(root: HTMLElement, handlers: DiagramHandlers): Diagram {
  const canvas = svg('svg', { viewBox: `0 0 ${W} ${H}`, class: 'pg-diagram', 'data-testid': 'diagram', role: 'group', 'aria-label': 'The network: every neuron and weight. Tab to a weight, move with the arrow keys, Enter follows its gradient' });
  const tip = el('div', { class: 'pg-tip', 'data-testid': 'diagram-tip' });
  tip.hidden = true;
  root.append(el('div', { class: 'pg-diagram-wrap' }, canvas, tip),
    el('p', { class: 'pg-muted pg-caption', text: 'Lines are weights: orange w > 0, blue w < 0, thicker is larger |w|. A circle\'s fill is its bias. Hover (or Tab to a weight and use the arrow keys) for exact values; click a line (or press Enter) to follow its gradient below.' }));
  let shape = '';
  let edges: SVGLineElement[][] = [];
  /** Per line, what it shows now (sign × width code), to skip unchanged lines. */
  let drawn: number[][] = [];
  let nodes: SVGCircleElement[][] = [];
  /** Per weight layer, W (in, out) and b as the engine names them. */
  let weights: { weight: NamedTensor; bias: NamedTensor }[] = [];
  let dense: readonly DenseLayer[] = [];
  let trace: DenseStep[] | null = null;
  let traceSample = 0;

  function showTip(text: string, clientX: number, clientY: number): void {
    tip.textContent = text;
    tip.hidden = false;
    const box = root.getBoundingClientRect();
    // Kept inside the diagram's box, so it never widens the page on a phone.
    const left = Math.max(0, Math.min(clientX - box.left + 12, box.width - tip.offsetWidth));
    tip.style.left = `${left}px`;
    tip.style.top = `${clientY - box.top + 12}px`;
  }

  function weightText(line: SVGLineElement): string {
    const d = Number(line.dataset.dense), i = Number(line.dataset.from), j = Number(line.dataset.to);
    const wt = weights[d];
    const w = wt === undefined ? 0 : matrixAt(wt.weight, i, j);
    return `w${d + 1}[${i}→${j}] = ${fmt(w, 6)}`;
  }

  function select(line: SVGLineElement): void {
    canvas.querySelector('.pg-selected')?.classList.remove('pg-selected');
    line.classList.add('pg-selected');
    handlers.selectWeight({ dense: Number(line.dataset.dense), from: Number(line.dataset.from), to: Number(line.dataset.to) });
  }

  // The roving tabindex: the one weight line in the Tab order.
  let current: SVGLineElement | null = null;
  function makeCurrent(line: SVGLineElement | null): void {
    if (current === line) return;
    if (current !== null) {
      current.removeAttribute('tabindex');
      current.removeAttribute('role');
      current.removeAttribute('aria-label');
      current.classList.remove('pg-hot');
    }
    current = line;
    if (line === null) return;
    line.setAttribute('tabindex', '0');
    line.setAttribute('role', 'button');
    line.setAttribute('aria-label', `${weightText(line)}. Arrow keys: other weights. Enter: explain its gradient`);
  }

  function showFocused(line: SVGLineElement): void {
    line.classList.add('pg-hot');
    line.setAttribute('aria-label', `${weightText(line)}. Arrow keys: other weights. Enter: explain its gradient`);
    const r = line.getBoundingClientRect();
    showTip(`${weightText(line)}  (Enter: explain its gradient)`, r.left + r.width / 2, r.top + r.height / 2);
  }

  function build(sizes: number[]): void {
    canvas.replaceChildren();
    const gEdges = svg('g', {});
    const gNodes = svg('g', {});
    canvas.append(gEdges, gNodes);
    const x = (l: number): number => 40 + (l * (W - 80)) / Math.max(1, sizes.length - 1);
    const y = (l: number, i: number): number => {
      const n = sizes[l] ?? 1;
      const gap = Math.min(40, (H - 20) / n);
      return H / 2 + (i - (n - 1) / 2) * gap;
    };
    edges = [];
    drawn = sizes.slice(1).map(() => []);
    for (let l = 0; l + 1 < sizes.length; l++) {
      const layer: SVGLineElement[] = [];
      for (let i = 0; i < sizes[l]!; i++) {
        for (let j = 0; j < sizes[l + 1]!; j++) {
          const line = svg('line', { x1: x(l), y1: y(l, i), x2: x(l + 1), y2: y(l + 1, j), 'data-dense': l, 'data-from': i, 'data-to': j, class: 'pg-weight' });
          gEdges.append(line);
          layer.push(line);
        }
      }
      edges.push(layer);
    }
    current = null;
    makeCurrent(edges[0]?.[0] ?? null);
    // Names of the inputs and outputs, when there is room for them.
    const gLabels = svg('g', { class: 'pg-labels' });
    canvas.append(gLabels);
    for (const [l, prefix, anchor, dx] of [[0, 'x', 'end', -14], [sizes.length - 1, 'y', 'start', 14]] as const) {
      const n = sizes[l] ?? 0;
      if (n > 16) continue;
      for (let i = 0; i < n; i++) {
        const t = svg('text', { x: x(l) + dx, y: y(l, i) + 4, 'text-anchor': anchor });
        t.textContent = `${prefix}${i}`;
        gLabels.append(t);
      }
    }
    nodes = sizes.map((n, l) => {
      const r = Math.max(3, Math.min(11, (H - 20) / n / 2.6));
      return Array.from({ length: n }, (_, i) => {
        const c = svg('circle', { cx: x(l), cy: y(l, i), r, class: 'pg-neuron', 'data-layer': l, 'data-index': i });
        gNodes.append(c);
        return c;
      });
    });
  }

  canvas.addEventListener('mouseover', (event) => {
    const t = event.target;
    if (t instanceof SVGLineElement) {
      showTip(`${weightText(t)}  (click: explain its gradient)`, event.clientX, event.clientY);
      t.classList.add('pg-hot');
    } else if (t instanceof SVGCircleElement) {
      const l = Number(t.dataset.layer), i = Number(t.dataset.index);
      if (l === 0) {
        showTip(`input x${i}${trace?.[0] === undefined ? '' : ` = ${fmt(trace[0].input[i] ?? 0, 6)} for sample #${traceSample}`}`, event.clientX, event.clientY);
        return;
      }
      const d = dense[l - 1];
      const b = weights[l - 1]?.bias.values[i] ?? 0;
      const lt = trace?.[l - 1];
      const now = lt === undefined ? '' : `; sample #${traceSample}: z = ${fmt(lt.z[i] ?? 0, 6)}, a = ${fmt(lt.a[i] ?? 0, 6)}`;
      showTip(`layer ${l} neuron ${i}: bias b = ${fmt(b, 6)}, activation ${d?.activation ?? ''}${now}`, event.clientX, event.clientY);
      handlers.hoverNeuron(l - 1, i);
    }
  });
  canvas.addEventListener('mouseout', (event) => {
    tip.hidden = true;
    if (event.target instanceof SVGLineElement && !event.target.matches(':focus')) event.target.classList.remove('pg-hot');
    if (event.target instanceof SVGCircleElement) handlers.leaveNeuron();
  });
  canvas.addEventListener('click', (event) => {
    const t = event.target;
    if (!(t instanceof SVGLineElement)) return;
    select(t);
  });
  canvas.addEventListener('focusin', (event) => {
    if (event.target instanceof SVGLineElement) showFocused(event.target);
  });
  canvas.addEventListener('focusout', (event) => {
    if (!(event.target instanceof SVGLineElement)) return;
    event.target.classList.remove('pg-hot');
    tip.hidden = true;
  });
  // The diagram owns the arrow keys only while one of its weights has the focus.
  canvas.addEventListener('keydown', (event) => {
    const t = event.target;
    if (!(t instanceof SVGLineElement) || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      select(t);
      return;
    }
    const d = Number(t.dataset.dense);
    const layer = edges[d] ?? [];
    const q = layer.indexOf(t);
    let next: SVGLineElement | undefined;
    if (event.key === 'ArrowDown') next = layer[Math.min(layer.length - 1, q + 1)];
    else if (event.key === 'ArrowUp') next = layer[Math.max(0, q - 1)];
    else if (event.key === 'Home') next = layer[0];
    else if (event.key === 'End') next = layer[layer.length - 1];
    else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      // The same position (from, to), clamped, in the next or previous weight layer.
      const other = edges[Math.max(0, Math.min(edges.length - 1, d + (event.key === 'ArrowRight' ? 1 : -1)))] ?? layer;
      const od = Number(other[0]?.dataset.dense ?? d);
      const inputs = other.length / (nodes[od + 1]?.length ?? 1);
      const from = Math.min(Number(t.dataset.from), inputs - 1), to = Math.min(Number(t.dataset.to), (nodes[od + 1]?.length ?? 1) - 1);
      next = other[from * (nodes[od + 1]?.length ?? 1) + to];
    } else return;
    event.preventDefault();
    if (next === undefined || next === t) return;
    makeCurrent(next);
    next.focus();
  });

  let stage: Stage | null = null;
  let stageWeight: WeightRef = { dense: -1, from: 0, to: 0 };
  function paintStage(): void {
    const last = edges.length - 1;
    const layer = stage === null ? -2 : stage.kind === 'forward' || stage.kind === 'backward' ? stage.layer : stage.kind === 'loss' ? last : -1;
    canvas.dataset.stage = stage === null ? '' : `${stage.kind}${layer >= 0 ? ` ${layer}` : ''}`;
    edges.forEach((lines, d) => lines.forEach((line) => {
      const on = d === layer || (stage?.kind === 'update' && d === stageWeight.dense
        && line.dataset.from === String(stageWeight.from) && line.dataset.to === String(stageWeight.to));
      line.classList.toggle('pg-stage', on && stage?.kind !== 'loss');
    }));
    nodes.forEach((circles, l) => circles.forEach((c) => c.classList.toggle('pg-stage', l === layer + 1 && stage?.kind !== 'update')));
    canvas.classList.toggle('pg-staged', stage !== null);
  }

  return {
    setStage(next, selected) {
      stage = next;
      stageWeight = selected;
      paintStage();
    },
    setTrace(steps, sample) {
      trace = steps;
      traceSample = sample;
    },
    update(network, layers) {
      if (network === null) return;
      dense = layers;
      const sizes = dense.length === 0 ? [] : [dense[0]!.inputSize, ...dense.map((d) => d.outputSize)];
      const key = sizes.join('-');
      if (key !== shape) {
        shape = key;
        build(sizes);
        paintStage();
      }
      weights = dense.map((d) => ({ weight: network.weights(d.index, 'weight'), bias: network.weights(d.index, 'bias') }));
      weights.forEach(({ weight, bias }, k) => {
        let maxAbs = 0;
        for (const w of weight.values) maxAbs = Math.max(maxAbs, Math.abs(w));
        const lines = edges[k] ?? [];
        const seen = drawn[k] ?? [];
        // Lines were made in W's row-major order (from, to), so line q shows W's value q.
        for (let q = 0; q < lines.length; q++) {
          const w = weight.values[q] ?? 0;
          // Touch the DOM only when what is drawn changes (sign, or width to 0.1 px): big networks have ~30k lines.
          const code = (w >= 0 ? 1 : -1) * (1 + Math.round(weightWidth(w, Math.max(maxAbs, 1)) * 10));
          if (seen[q] === code) continue;
          seen[q] = code;
          const line = lines[q]!;
          line.setAttribute('stroke', signColor(w));
          line.setAttribute('stroke-width', (Math.abs(code) / 10 - 0.1).toFixed(1));
        }
        const biases = nodes[k + 1] ?? [];
        biases.forEach((c, j) => c.setAttribute('fill', rgb(divergingRgb(bias.values[j] ?? 0))));
      });
      if (current?.matches(':focus')) showFocused(current);
      // The first weights and biases, exactly: tests compare runs (same seed, same weights) through this.
      const first = weights.flatMap(({ weight, bias }) => [...weight.values, ...bias.values]).slice(0, 64);
      canvas.dataset.params = first.map((v) => v.toPrecision(7)).join(' ');
      canvas.dataset.weights = String(dense.reduce((s, d) => s + d.inputSize * d.outputSize, 0));
    },
  };
}
