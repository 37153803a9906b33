// HTML labels pinned to points in the scene: stage captions and the output
// digits 0–9. Text stays crisp at any zoom and needs no font texture (and no
// download); the overlay is moved after each render.
import { Vector3, type Camera } from 'three';

export interface Label {
  text: string;
  position: Vector3;
  /** 'caption' sits centred above its point (a newline starts a second, dimmer line); 'digit' is centred on it. */
  kind: 'caption' | 'digit';
}

export interface LabelOverlay {
  readonly element: HTMLElement;
  set(labels: readonly Label[]): void;
  /** Marks the label at `index` of the digit labels as the current answer (or none with -1). */
  highlightDigit(index: number): void;
  place(camera: Camera, width: number, height: number): void;
}

interface Box {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * The order labels claim space in: the winning digit, the captions, the first
 * and last digit (so the column's ends are named), then the other digits.
 */
function byPriority<T extends { label: Label; node: HTMLElement }>(items: readonly T[]): T[] {
  const digits = items.filter((item) => item.label.kind === 'digit');
  const rank = (item: T): number => {
    if (item.label.kind === 'caption') return 1;
    if (item.node.classList.contains('winner')) return 0;
    const d = digits.indexOf(item);
    return d === 0 || d === digits.length - 1 ? 2 : 3;
  };
  return [...items].sort((a, b) => rank(a) - rank(b));
}

export function createLabelOverlay(container: HTMLElement): LabelOverlay {
  const element = document.createElement('div');
  element.className = 'view3d-labels';
  element.setAttribute('aria-hidden', 'true');
  container.append(element);
  let items: { label: Label; node: HTMLElement }[] = [];
  const projected = new Vector3();

  return {
    element,
    set(labels) {
      element.replaceChildren();
      items = labels.map((label) => {
        const node = document.createElement('span');
        node.className = `view3d-label view3d-label-${label.kind}`;
        const [first = '', ...rest] = label.text.split('\n');
        node.textContent = first;
        if (rest.length > 0) {
          const detail = document.createElement('span');
          detail.className = 'view3d-label-detail';
          detail.textContent = rest.join(' ');
          node.append(detail);
        }
        element.append(node);
        return { label, node };
      });
    },
    highlightDigit(index) {
      let n = 0;
      for (const { label, node } of items) {
        if (label.kind !== 'digit') continue;
        node.classList.toggle('winner', n === index);
        n++;
      }
    },
    place(camera, width, height) {
      const placed: Box[] = [];
      // Most important first; a label that would overlap one already placed is left out until zooming in makes room.
      for (const { label, node } of byPriority(items)) {
        projected.copy(label.position).project(camera);
        // Behind the camera (or beyond far) the projection is meaningless: hide.
        const visible = projected.z > -1 && projected.z < 1;
        node.hidden = !visible;
        if (!visible) continue;
        const x = ((projected.x + 1) / 2) * width;
        const y = ((1 - projected.y) / 2) * height;
        const caption = label.kind === 'caption';
        const anchor = caption ? 'translate(-50%, -100%)' : 'translate(-50%, -50%)';
        node.style.transform = `translate(${x.toFixed(1)}px, ${y.toFixed(1)}px) ${anchor}`;
        const w = node.offsetWidth;
        const h = node.offsetHeight;
        const box = { left: x - w / 2, right: x + w / 2, top: caption ? y - h : y - h / 2, bottom: caption ? y : y + h / 2 };
        const crowded = placed.some((other) => overlaps(box, other));
        node.classList.toggle('crowded', crowded);
        if (!crowded) placed.push(box);
      }
    },
  };
}
