// The 3D activation view: the current model's layers as neurons, pixels and
// feature maps, glowing with one forward pass, with the strongest w·a as lines.
// The page runs the forward pass (one engine call per frame) and hands it here.
import { Vector3 } from 'three';
import type { Contributions, ForwardResult, LayerInfo, Network } from '../engine/network';
import { testHooks } from '../test-hooks';
import { createLabelOverlay, type Label } from './labels';
import { OUTPUT_SPACING, type LayoutMode } from './layout';
import { NetworkView } from './network-view';
import { describeNeuron, liveValues, strongestInputs, type DetailSource } from './neuron-detail';
import { createNeuronKeys } from './neuron-keys';
import { NeuronLayer } from './neuron-layer';
import { BRIGHTNESS_SCALE } from './palette';
import { createNeuronPanel } from './neuron-panel';
import { SELECTED_INPUTS } from './selection';
import { screenPosition, setUpPicking, type Pick, type PickTarget } from './picking';
import { createSceneHost, type SceneHost } from './scene';
import { hasConnections, layerShapes, planStages } from './stages';
import { CONNECTIONS, createToolbar } from './toolbar';
import './view3d.css';

export interface ActivationView {
  /** False when this browser has no WebGL 2: the view shows a message instead. */
  readonly available: boolean;
  /** Shows a new model, disposing everything drawn for the previous one. */
  setNetwork(network: Network): void;
  /** Shows one forward pass of `input`; `winner` is the top probability bar's digit, or -1. */
  update(input: Float32Array, forward: ForwardResult, winner: number): void;
  /** The network's weights changed in place (a run being trained): forget cached weights, refresh an open panel. */
  parametersChanged(): void;
  dispose(): void;
}

/** Strongest-input lists cost a full ranking in the engine; refresh them at most this often while drawing. */
const INPUTS_REFRESH_MS = 250;

const FALLBACK = 'The 3D view needs WebGL 2, which this browser could not start (it may be turned off, or the graphics driver is blocked). Drawing, the bars and the preview work without it.';

export function setUpActivationView(element: HTMLElement): ActivationView {
  element.classList.add('view3d');
  // The neuron panel sits under the viewport (never over the network), so both live in one box.
  const stage = document.createElement('div');
  stage.className = 'view3d-stage';
  const viewport = document.createElement('div');
  viewport.className = 'view3d-viewport';
  viewport.dataset.testid = 'view3d';
  const legend = document.createElement('p');
  legend.className = 'view3d-legend';
  legend.textContent = `Brightness is activation on a fixed scale (hidden neurons: 0 to ${BRIGHTNESS_SCALE.neurons} and above, feature maps: 0 to ${BRIGHTNESS_SCALE.maps} and above; outputs: probability, once something is drawn), so a weak response looks dim. Lines are the strongest inputs w·a into each layer: orange adds, blue subtracts, fainter is weaker. Drag to orbit, scroll to zoom, right-drag to pan; on a touch screen a vertical swipe scrolls the page, a sideways one orbits, two fingers pinch to zoom (One-finger orbit gives the view every direction). Click a neuron for details, or Tab to the neurons, move with the arrow keys and press Enter.`;

  let mode: LayoutMode = '3d';
  let perLayer: number = CONNECTIONS.initial;
  const toolbar = createToolbar({
    onMode(next) {
      mode = next;
      view?.setMode(next);
      refreshLabels();
      fitCamera();
    },
    onReset: () => fitCamera(),
    onConnections(next) {
      perLayer = next;
      if (last !== null) show(last.input, last.forward, last.winner);
    },
    onOneFingerOrbit: (on) => sceneHost?.setOneFingerOrbit(on),
  });
  stage.append(viewport);
  element.append(toolbar.element, stage, legend);

  // Read by the toolbar's handlers, which exist before the scene does.
  let sceneHost: SceneHost | null = null;
  const created = createSceneHost(viewport);
  if (created === null) {
    const message = document.createElement('p');
    message.className = 'view3d-fallback';
    message.dataset.testid = 'view3d-fallback';
    message.setAttribute('role', 'note');
    message.textContent = FALLBACK;
    viewport.append(message);
    toolbar.setEnabled(false);
    element.dataset.view = 'unavailable';
    return { available: false, setNetwork() {}, update() {}, parametersChanged() {}, dispose: () => element.replaceChildren() };
  }
  const host: SceneHost = created;
  sceneHost = host;
  const keys = createNeuronKeys(viewport, (stage, index) => {
    const object = view?.objects[stage];
    if (!(object instanceof NeuronLayer)) return null;
    host.camera.updateMatrixWorld();
    return screenPosition(object.positionOf(index), host.camera, host.canvas);
  }, (pick) => openPanel(pick));
  stage.insertBefore(keys.element, viewport);
  host.onRender(() => keys.place());
  element.dataset.view = 'ready';

  const labels = createLabelOverlay(viewport);
  host.onRender(() => labels.place(host.camera, viewport.clientWidth, viewport.clientHeight));
  const panel = createNeuronPanel(stage, () => {
    selected = null;
    view?.clearSelection();
    host.requestRender();
  });

  let network: Network | null = null;
  let view: NetworkView | null = null;
  let source: DetailSource | null = null;
  let last: { input: Float32Array; forward: ForwardResult; winner: number } | null = null;
  let selected: Pick | null = null;
  let inputsRefreshed = 0;
  /** Where the output digits' labels sit (xyz triples), kept for fitting the camera. */
  let digitAnchors = new Float32Array(0);
  let builds = 0;

  function fitCamera(): void {
    if (view === null) return;
    // Fit the captions' and digits' anchor points too, so no label is cut off.
    const captions = Float32Array.from(view.layouts.flatMap((l) => l.top));
    host.fit([...view.layouts.map((l) => l.positions), captions, digitAnchors], view.bounds(), mode);
  }

  function refreshLabels(): void {
    if (view === null) return;
    // Two lines ("Conv 1" over "12 × 28×28") keep neighbouring captions apart.
    const items: Label[] = view.stages.map((stage, i) => ({ text: stage.title.replace(' · ', '\n'), position: new Vector3(...view!.layouts[i]!.top), kind: 'caption' }));
    const out = view.outputStage;
    if (out >= 0) {
      const object = view.objects[out] as NeuronLayer;
      // Beside each output neuron, away from the lines: +z in 3D (toward the viewer's right), +x in 2D.
      const offset = mode === '3d' ? new Vector3(0, 0, OUTPUT_SPACING * 1.2) : new Vector3(OUTPUT_SPACING * 1.2, 0, 0);
      for (let d = 0; d < object.stage.size; d++) items.push({ text: String(d), position: object.positionOf(d).add(offset), kind: 'digit' });
    }
    digitAnchors = Float32Array.from(items.filter((l) => l.kind === 'digit').flatMap((l) => l.position.toArray()));
    labels.set(items);
    labels.highlightDigit(last?.winner ?? -1);
    host.requestRender();
  }

  function pickTargets(): PickTarget[] {
    if (view === null) return [];
    return view.objects.flatMap((object, stage) =>
      object instanceof NeuronLayer && object.stage.kind === 'neurons' ? [{ mesh: object.mesh, stage }] : []);
  }

  /** The engine's ranking of the w·a into the selected neuron (null where its stage has no weight matrix). */
  function selectedInputs(pick: Pick): Contributions | null {
    const stage = source?.stages[pick.stage];
    if (network === null || stage === undefined || !hasConnections(stage)) return null;
    return network.topContributionsInto(stage.weightLayer, pick.index, SELECTED_INPUTS);
  }

  function openPanel(pick: Pick | null): void {
    selected = pick;
    if (pick === null || source === null || last === null) {
      panel.close();
      view?.clearSelection();
      host.requestRender();
      return;
    }
    panel.show(describeNeuron(source, pick.stage, pick.index, last.input, last.forward));
    view?.select(pick.stage, pick.index, selectedInputs(pick));
    // The panel sits under the view (it never covers the network); bring its header on screen if it opened below the fold.
    panel.element.querySelector('header')?.scrollIntoView({ block: 'nearest' });
    inputsRefreshed = performance.now();
    host.requestRender();
  }
  const stopPicking = setUpPicking(host.canvas, host.camera, pickTargets, openPanel);

  function show(input: Float32Array, forward: ForwardResult, winner: number): void {
    if (view === null || network === null) return;
    last = { input, forward, winner };
    const net = network;
    // The engine ranks |w·a| for the pass just run; k per layer is the user's setting.
    const contributions = view.stages.map((stage, i) =>
      i > 0 && hasConnections(stage) && perLayer > 0 ? net.topContributions(stage.weightLayer, perLayer) : null);
    view.update({ input, forward, contributions, winner });
    labels.highlightDigit(winner);
    if (selected !== null && source !== null && panel.isOpen) {
      panel.showLive(liveValues(source, selected.stage, selected.index, input, forward));
      if (performance.now() - inputsRefreshed > INPUTS_REFRESH_MS) {
        panel.showInputs(strongestInputs(source, selected.stage, selected.index));
        view.setSelectedInputs(selectedInputs(selected));
        inputsRefreshed = performance.now();
      }
    }
    host.requestRender();
  }

  function setNetwork(next: Network): void {
    view?.dispose();
    panel.close();
    selected = null;
    network = next;
    const layers: LayerInfo[] = next.layers();
    // A resting pass (all-zero input) gives every layer's shape and the idle picture.
    const rest = new Float32Array(next.inputSize);
    const forward = next.forwardAll(rest);
    const stages = planStages(layerShapes(forward.layers, layers), next.inputSize, next.outputSize);
    view = new NetworkView(stages, mode, CONNECTIONS.max);
    host.scene.add(view.root);
    source = { network: next, layers, stages };
    keys.setStages(view.objects.flatMap((object, stage) =>
      object instanceof NeuronLayer && object.stage.kind === 'neurons' ? [{ stage, title: object.stage.title, size: object.stage.size }] : []));
    builds++;
    element.dataset.builds = String(builds);
    last = null;
    show(rest, forward, -1);
    refreshLabels();
    fitCamera();
  }

  const hooks = testHooks();
  hooks.view = {
    neuronScreenPosition(stage, index) {
      const object = view?.objects[stage];
      if (!(object instanceof NeuronLayer)) return null;
      host.camera.updateMatrixWorld();
      return screenPosition(object.positionOf(index), host.camera, host.canvas);
    },
    highlightedOutput() {
      const out = view?.outputStage ?? -1;
      const object = out >= 0 ? view?.objects[out] : undefined;
      if (!(object instanceof NeuronLayer)) return -1;
      const scales = Array.from({ length: object.stage.size }, (_, i) => object.instanceScale(i));
      const base = Math.min(...scales);
      const top = scales.indexOf(Math.max(...scales));
      return scales[top]! > base * 1.2 ? top : -1;
    },
    stageTitles: () => view?.stages.map((s) => s.title) ?? [],
    brightness(stage) {
      const object = view?.objects[stage];
      return object instanceof NeuronLayer ? Array.from(object.brightness) : null;
    },
    memory: () => ({ ...host.renderer.info.memory }),
    litPixels: () => host.countLitPixels(),
    camera: () => ({ position: host.camera.position.toArray(), target: host.controls.target.toArray() }),
    builds: () => builds,
    inertia: () => host.inertia,
    connectionCount: () => view?.connections.count ?? 0,
    selection() {
      const target = view?.selection.target ?? null;
      if (view === null || target === null) return null;
      const lines = view.selection.incoming;
      const object = view.objects[target.stage] as NeuronLayer;
      return {
        ...target,
        position: object.positionOf(target.index).toArray(),
        halo: view.selection.halo.visible ? view.selection.halo.position.toArray() : null,
        incoming: Array.from({ length: lines.count }, (_, n) => lines.segment(n)),
      };
    },
    frameIntervals: host.frameIntervals,
    renderTimings: host.renderTimings,
  };

  return {
    available: true,
    setNetwork,
    update: show,
    parametersChanged() {
      source?.weights?.clear();
      // The heat map and bias are the old weights' until the panel is described again.
      if (selected !== null && panel.isOpen && source !== null && last !== null) {
        panel.show(describeNeuron(source, selected.stage, selected.index, last.input, last.forward));
        view?.setSelectedInputs(selectedInputs(selected));
      }
    },
    dispose() {
      stopPicking();
      keys.dispose();
      view?.dispose();
      view = null;
      host.dispose();
      delete hooks.view;
      element.replaceChildren();
    },
  };
}
