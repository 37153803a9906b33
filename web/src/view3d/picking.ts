// Clicking or tapping a neuron: a press that ends near where it started is a
// pick (a drag is the orbit controls' business). Also the reverse, world →
// screen, so tests can click the pixel where a neuron really is.
import { Raycaster, Vector2, Vector3, type Camera, type InstancedMesh } from 'three';

/** A press that moves less than this many CSS pixels is a click, not a drag. */
const CLICK_SLOP = 6;

export interface PickTarget {
  mesh: InstancedMesh;
  stage: number;
}

export interface Pick {
  stage: number;
  index: number;
}

/** Client (CSS pixel) coordinates of a world point as seen by `camera` on `canvas`. */
export function screenPosition(world: Vector3, camera: Camera, canvas: HTMLCanvasElement): { x: number; y: number } {
  const rect = canvas.getBoundingClientRect();
  const p = world.clone().project(camera);
  return { x: rect.left + ((p.x + 1) / 2) * rect.width, y: rect.top + ((1 - p.y) / 2) * rect.height };
}

/** Calls `onPick` with the nearest neuron under a click or tap, or null for a click on empty space. */
export function setUpPicking(
  canvas: HTMLCanvasElement,
  camera: Camera,
  targets: () => readonly PickTarget[],
  onPick: (pick: Pick | null) => void,
): () => void {
  const raycaster = new Raycaster();
  const pointer = new Vector2();
  let down: { id: number; x: number; y: number } | null = null;

  function pick(clientX: number, clientY: number): Pick | null {
    const rect = canvas.getBoundingClientRect();
    pointer.set(((clientX - rect.left) / rect.width) * 2 - 1, -((clientY - rect.top) / rect.height) * 2 + 1);
    raycaster.setFromCamera(pointer, camera);
    const list = targets();
    const hits = raycaster.intersectObjects(list.map((t) => t.mesh), false);
    const hit = hits.find((h) => h.instanceId !== undefined);
    if (hit === undefined) return null;
    const target = list.find((t) => t.mesh === hit.object);
    return target === undefined ? null : { stage: target.stage, index: hit.instanceId! };
  }

  function onDown(event: PointerEvent): void {
    // A second finger turns a tap into a pinch: no pick.
    down = event.isPrimary ? { id: event.pointerId, x: event.clientX, y: event.clientY } : null;
  }

  function onUp(event: PointerEvent): void {
    const start = down;
    down = null;
    if (start === null || start.id !== event.pointerId) return;
    if (Math.hypot(event.clientX - start.x, event.clientY - start.y) > CLICK_SLOP) return;
    onPick(pick(event.clientX, event.clientY));
  }

  function onCancel(): void {
    down = null;
  }

  canvas.addEventListener('pointerdown', onDown);
  canvas.addEventListener('pointerup', onUp);
  canvas.addEventListener('pointercancel', onCancel);
  return () => {
    canvas.removeEventListener('pointerdown', onDown);
    canvas.removeEventListener('pointerup', onUp);
    canvas.removeEventListener('pointercancel', onCancel);
  };
}
