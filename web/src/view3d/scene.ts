// The Three.js host: renderer, camera, orbit controls, and an on-demand
// render loop (init / animate / render). It draws only when something changed
// (new activations, a camera move, damping settling), so an idle page costs
// nothing and a stroke costs one render.
import { Color, LinearSRGBColorSpace, MOUSE, PerspectiveCamera, Scene, TOUCH, Vector3, WebGLRenderer } from 'three';
import { OrbitControls } from 'three/examples/jsm/controls/OrbitControls.js';
import { recordTiming } from '../test-hooks';
import type { Bounds, LayoutMode } from './layout';

export interface SceneHost {
  readonly renderer: WebGLRenderer;
  readonly scene: Scene;
  readonly camera: PerspectiveCamera;
  readonly controls: OrbitControls;
  readonly canvas: HTMLCanvasElement;
  /** True when WebGL runs on a CPU rasterizer (no GPU): drawn without MSAA at pixel ratio 1. */
  readonly software: boolean;
  /** Renders on the next animation frame (repeated calls coalesce). */
  requestRender(): void;
  /**
   * Touch: false (the default) lets a vertical swipe scroll the page over the
   * view while a sideways one orbits (3D) or pans (2D) it; true gives every
   * one-finger drag to the view, as a mouse drag.
   */
  setOneFingerOrbit(on: boolean): void;
  /** True while the camera glides on after a drag (off when the user prefers reduced motion). */
  readonly inertia: boolean;
  /** Frames `points` (xyz triples) for a layout: an oblique view in 3D, straight on in 2D. */
  fit(points: readonly Float32Array[], bounds: Bounds, mode: LayoutMode): void;
  /** Renders now and counts pixels that differ from the background (tests: "never blank"). */
  countLitPixels(): number;
  /** Called after every render (e.g. to move HTML labels). */
  onRender(callback: () => void): void;
  /** Milliseconds between consecutive renders while rendering continuously (bounded history). */
  readonly frameIntervals: number[];
  /** CPU milliseconds spent in renderer.render() (submitting work; the GPU runs after). */
  readonly renderTimings: number[];
  dispose(): void;
}

const BACKGROUND = [0.051, 0.063, 0.078] as const; // the page's --bg (#0d1014)
/** Renders further apart than this are separate bursts, not a frame interval. */
const BURST_GAP_MS = 250;

/** True for renderers that run on the CPU (SwiftShader, llvmpipe): no GPU to absorb MSAA or high DPR. */
export function isSoftwareRenderer(name: string): boolean {
  return /swiftshader|llvmpipe|softpipe|software/i.test(name);
}

const ATTRIBUTES = { alpha: false, depth: true, stencil: false, powerPreference: 'default' } as const;

/**
 * A WebGL 2 context on a fresh canvas, antialiased unless the renderer is
 * software (measured on SwiftShader: MSAA alone was about a quarter of each
 * frame). Asked for here, not by three, because three throws
 * (and logs) when there is no context; we want to show a message instead.
 */
function createContext(): { canvas: HTMLCanvasElement; context: WebGL2RenderingContext; software: boolean } | null {
  const canvas = document.createElement('canvas');
  canvas.className = 'view3d-canvas';
  const context = canvas.getContext('webgl2', { ...ATTRIBUTES, antialias: true });
  if (context === null) return null;
  const info = context.getExtension('WEBGL_debug_renderer_info');
  const name = String(context.getParameter(info === null ? context.RENDERER : info.UNMASKED_RENDERER_WEBGL));
  if (!isSoftwareRenderer(name)) return { canvas, context, software: false };
  // Antialiasing is fixed at creation: release this context and start over without it.
  context.getExtension('WEBGL_lose_context')?.loseContext();
  const plain = document.createElement('canvas');
  plain.className = 'view3d-canvas';
  const fallback = plain.getContext('webgl2', { ...ATTRIBUTES, antialias: false });
  return fallback === null ? null : { canvas: plain, context: fallback, software: true };
}

/**
 * Creates the renderer inside `container`, or returns null when this browser
 * has no WebGL 2 (the caller shows a message instead of a broken canvas).
 */
export function createSceneHost(container: HTMLElement): SceneHost | null {
  const created = createContext();
  if (created === null) return null;
  const { canvas, context, software } = created;
  const renderer = new WebGLRenderer({ canvas, context, antialias: !software });
  // palette.ts writes display colours; skip the linear → sRGB conversion so they arrive unchanged.
  renderer.outputColorSpace = LinearSRGBColorSpace;
  renderer.setClearColor(new Color().setRGB(...BACKGROUND, LinearSRGBColorSpace), 1);
  container.append(canvas);

  const scene = new Scene();
  const camera = new PerspectiveCamera(20, 1, 0.5, 4000);
  const controls = new OrbitControls(camera, canvas);
  // Inertia is motion the user did not ask for: none with prefers-reduced-motion.
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');
  const onMotionPreference = (): void => {
    controls.enableDamping = !reducedMotion.matches;
  };
  reducedMotion.addEventListener('change', onMotionPreference);
  onMotionPreference();
  let oneFingerOrbit = false;
  let currentMode: LayoutMode = '3d';
  /**
   * The gestures for the layout and the touch setting. The inline touch-action
   * (OrbitControls sets 'none') tells the browser which gestures are its own:
   * with pan-y a vertical swipe scrolls the page past the view, and a sideways
   * one orbits (3D) or pans (2D) it; "One-finger orbit" takes every direction.
   */
  function applyGestures(): void {
    controls.touches = { ONE: currentMode === '3d' ? TOUCH.ROTATE : TOUCH.PAN, TWO: TOUCH.DOLLY_PAN };
    canvas.style.touchAction = oneFingerOrbit ? 'none' : 'pan-y';
  }
  // Chromium hands the first few moves of a swipe to the page's handlers
  // before it decides the swipe is a scroll and cancels the pointer. Undo the
  // orbit those moves made, so a scroll never turns the network.
  let beforeTouch: { position: Vector3; target: Vector3 } | null = null;
  const onTouchDown = (event: PointerEvent): void => {
    if (event.pointerType === 'touch' && event.isPrimary) beforeTouch = { position: camera.position.clone(), target: controls.target.clone() };
  };
  const onTouchCancel = (event: PointerEvent): void => {
    if (event.pointerType !== 'touch' || beforeTouch === null) return;
    // Spend the orbit still pending (inertia) first, or the next update would apply it after the restore.
    controls.enableDamping = false;
    controls.update();
    camera.position.copy(beforeTouch.position);
    controls.target.copy(beforeTouch.target);
    beforeTouch = null;
    controls.update();
    onMotionPreference();
    requestRender();
  };
  canvas.addEventListener('pointerdown', onTouchDown);
  canvas.addEventListener('pointercancel', onTouchCancel);
  controls.dampingFactor = 0.12;
  controls.screenSpacePanning = true;

  applyGestures();

  const frameIntervals: number[] = [];
  const renderTimings: number[] = [];
  const renderCallbacks: (() => void)[] = [];
  let pending = 0;
  let lastRender = -Infinity;
  // The last fit, redone on resize until the user moves the camera themselves.
  let fitted: Parameters<SceneHost['fit']> | null = null;
  controls.addEventListener('start', () => (fitted = null));

  function render(): void {
    const start = performance.now();
    renderer.render(scene, camera);
    const end = performance.now();
    recordTiming(renderTimings, end - start);
    if (start - lastRender < BURST_GAP_MS) recordTiming(frameIntervals, start - lastRender);
    lastRender = start;
    for (const callback of renderCallbacks) callback();
  }

  function animate(): void {
    pending = 0;
    // With damping, update() keeps moving the camera after a drag and fires
    // 'change' (→ requestRender) until it settles: that is the whole loop.
    controls.update();
    render();
  }

  function requestRender(): void {
    if (pending === 0) pending = requestAnimationFrame(animate);
  }
  controls.addEventListener('change', requestRender);

  function resize(): void {
    const width = Math.max(1, container.clientWidth);
    const height = Math.max(1, container.clientHeight);
    // A software rasterizer pays for every pixel on the CPU: draw at CSS resolution there.
    renderer.setPixelRatio(software ? 1 : Math.min(window.devicePixelRatio || 1, 2));
    renderer.setSize(width, height, false);
    camera.aspect = width / height;
    camera.updateProjectionMatrix();
    if (fitted !== null) fit(...fitted);
    requestRender();
  }
  const observer = new ResizeObserver(resize);
  observer.observe(container);
  resize();

  function fit(points: readonly Float32Array[], bounds: Bounds, mode: LayoutMode): void {
    // Spend any inertia left from a drag first, or damping would carry the camera off the fitted view.
    controls.enableDamping = false;
    controls.update();
    onMotionPreference();
    const middle = new Vector3(...bounds.min).add(new Vector3(...bounds.max)).multiplyScalar(0.5);
    // 3D: from the front-left and above, so every sheet is seen at an angle and none edge-on.
    const direction = mode === '2d' ? new Vector3(0, 0, 1) : new Vector3(-1, 0.45, 0.9).normalize();
    const { center, distance } = frame(camera, points, middle, direction);
    controls.target.copy(center);
    camera.position.copy(center).addScaledVector(direction, distance);
    camera.near = Math.max(0.1, distance / 100);
    camera.far = distance * 10;
    camera.updateProjectionMatrix();
    camera.lookAt(center);
    camera.updateMatrixWorld();
    // 2D is a diagram: drag pans instead of tilting it out of the plane.
    controls.enableRotate = mode === '3d';
    controls.mouseButtons = { LEFT: mode === '3d' ? MOUSE.ROTATE : MOUSE.PAN, MIDDLE: MOUSE.DOLLY, RIGHT: MOUSE.PAN };
    currentMode = mode;
    applyGestures();
    controls.update();
    fitted = [points, bounds, mode];
    requestRender();
  }

  return {
    renderer,
    scene,
    camera,
    controls,
    canvas,
    software,
    requestRender,
    setOneFingerOrbit(on) {
      oneFingerOrbit = on;
      applyGestures();
    },
    get inertia() {
      return controls.enableDamping;
    },
    fit,
    onRender: (callback) => renderCallbacks.push(callback),
    countLitPixels() {
      // Read back in the same task as the render: the drawing buffer is not preserved after it.
      render();
      const gl = renderer.getContext();
      const { width, height } = canvas;
      const pixels = new Uint8Array(width * height * 4);
      gl.readPixels(0, 0, width, height, gl.RGBA, gl.UNSIGNED_BYTE, pixels);
      const bg = BACKGROUND.map((v) => Math.round(v * 255));
      let lit = 0;
      for (let i = 0; i < pixels.length; i += 4) {
        if (Math.abs(pixels[i]! - bg[0]!) + Math.abs(pixels[i + 1]! - bg[1]!) + Math.abs(pixels[i + 2]! - bg[2]!) > 24) lit++;
      }
      return lit;
    },
    frameIntervals,
    renderTimings,
    dispose() {
      if (pending !== 0) cancelAnimationFrame(pending);
      observer.disconnect();
      reducedMotion.removeEventListener('change', onMotionPreference);
      canvas.removeEventListener('pointerdown', onTouchDown);
      canvas.removeEventListener('pointercancel', onTouchCancel);
      controls.removeEventListener('change', requestRender);
      controls.dispose();
      renderer.dispose();
      canvas.remove();
    },
  };
}

/** Fraction of the view (in NDC) the fitted network may fill, leaving room for captions and labels. */
const FILL = 0.84;

/** Most points tested per fit: every neuron of small layers, a sample of big ones. */
const FIT_SAMPLES = 4000;

/**
 * Where to put the camera, looking along -`direction`, so every point shows
 * and the picture is centred: the closest distance at which all points project
 * inside the view (binary search over real positions; a bounding box or sphere
 * wastes much of the view on a long network seen at an angle), then the target
 * nudged so perspective (near layers look bigger) does not push it off-centre.
 */
function frame(camera: PerspectiveCamera, points: readonly Float32Array[], start: Vector3, direction: Vector3): { center: Vector3; distance: number } {
  const total = points.reduce((n, p) => n + p.length / 3, 0);
  const stride = Math.max(1, Math.ceil(total / FIT_SAMPLES));
  const sample: Vector3[] = [];
  for (const list of points) for (let i = 0; i < list.length / 3; i += stride) sample.push(new Vector3().fromArray(list, i * 3));
  const probe = camera.clone();
  const p = new Vector3();
  const center = start.clone();
  const place = (distance: number): void => {
    probe.position.copy(center).addScaledVector(direction, distance);
    probe.near = distance / 100;
    probe.far = distance * 10;
    probe.lookAt(center);
    probe.updateMatrixWorld();
    probe.updateProjectionMatrix();
  };
  const fits = (distance: number): boolean => {
    place(distance);
    return sample.every((c) => {
      p.copy(c).project(probe);
      return Math.abs(p.x) <= FILL && Math.abs(p.y) <= FILL && p.z < 1;
    });
  };
  let radius = 1;
  for (const q of sample) radius = Math.max(radius, q.distanceTo(center));
  let distance = radius;
  for (let round = 0; round < 3; round++) {
    let lo = radius * 0.1;
    let hi = radius * 40;
    for (let i = 0; i < 24; i++) {
      const mid = (lo + hi) / 2;
      if (fits(mid)) hi = mid;
      else lo = mid;
    }
    distance = hi;
    if (round === 2) break;
    // Shift the target by the projected picture's off-centre amount, then fit again.
    place(distance);
    let [minX, maxX, minY, maxY] = [Infinity, -Infinity, Infinity, -Infinity];
    for (const c of sample) {
      p.copy(c).project(probe);
      minX = Math.min(minX, p.x);
      maxX = Math.max(maxX, p.x);
      minY = Math.min(minY, p.y);
      maxY = Math.max(maxY, p.y);
    }
    const halfHeight = distance * Math.tan((probe.fov * Math.PI) / 360);
    const right = new Vector3().setFromMatrixColumn(probe.matrixWorld, 0);
    const up = new Vector3().setFromMatrixColumn(probe.matrixWorld, 1);
    center.addScaledVector(right, ((minX + maxX) / 2) * halfHeight * probe.aspect);
    center.addScaledVector(up, ((minY + maxY) / 2) * halfHeight);
  }
  return { center, distance };
}
