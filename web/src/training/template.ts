// The training panel's markup (the settings form, progress, charts, result,
// evaluation and saved models); index.ts wires it up.
export const TEMPLATE = `
  <h2>Train in the tab</h2>
  <p class="train-lede">Train your own MNIST network right here: a Web Worker runs the same engine on the 60,000
    training images while this page stays responsive. One epoch of the default MLP reaches about 97% on the 10,000 test images.</p>
  <div class="train-offer" data-testid="resume-offer" role="region" aria-label="Interrupted training run" hidden>
    <p data-testid="resume-text"></p>
    <button type="button" data-testid="resume-run">Resume</button>
    <button type="button" data-testid="discard-run">Discard</button>
  </div>
  <form class="train-form" data-testid="train-form">
    <label>Model <select name="preset" data-testid="train-preset"></select></label>
    <label>Hidden layers <input name="hidden" data-testid="train-hidden" value="128, 64" disabled /></label>
    <label>Optimizer <select name="optimizer" data-testid="train-optimizer"></select></label>
    <label>Learning rate <input name="lr" type="number" min="0.00001" max="10" step="any" data-testid="train-lr" /></label>
    <label>Batch size <input name="batch" type="number" min="1" max="4096" step="1" data-testid="train-batch" /></label>
    <label>Epochs <input name="epochs" type="number" min="1" max="50" step="1" data-testid="train-epochs" /></label>
    <label>Seed <input name="seed" type="number" min="0" step="1" data-testid="train-seed" /></label>
    <label>Training images <select name="limit" data-testid="train-limit">
      <option value="1000">1,000</option><option value="5000">5,000</option>
      <option value="10000">10,000</option><option value="60000" selected>60,000 (all)</option></select></label>
    <label class="train-check"><input name="shift" type="checkbox" data-testid="train-shift" /> Shift augmentation (±2 px)</label>
    <div class="train-buttons">
      <button type="submit" data-testid="train-start">Train</button>
      <button type="button" data-testid="train-pause" disabled>Pause</button>
      <button type="button" data-testid="train-resume" disabled>Resume</button>
      <button type="button" data-testid="train-stop" disabled>Stop</button>
    </div>
  </form>
  <p class="train-warning" data-testid="train-warning" role="note" hidden></p>
  <div class="train-progress">
    <progress max="1" value="0" data-testid="train-progress"></progress>
    <p class="train-status" data-testid="train-status" aria-live="polite">Not started.</p>
  </div>
  <p class="train-error" data-testid="train-error" role="alert" hidden></p>
  <div class="train-charts">
    <div data-testid="chart-loss"></div>
    <div data-testid="chart-accuracy"></div>
    <div data-testid="chart-speed"></div>
  </div>
  <div class="train-result" data-testid="train-result" hidden>
    <p class="train-result-text" data-testid="train-result-text"></p>
    <button type="button" data-testid="train-use">Use this model</button>
    <button type="button" data-testid="train-download" hidden>Download the model</button>
  </div>
  <div class="train-eval" hidden>
    <div>
      <h3>Confusion matrix <small>(click a cell)</small></h3>
      <div data-testid="confusion"></div>
    </div>
    <div>
      <h3>Digits in the chosen cell</h3>
      <div class="train-cell" data-testid="confusion-cell"><p>Click a cell of the matrix.</p></div>
      <h3>Misclassified test digits <small>(predicted, true)</small></h3>
      <div class="train-tiles" data-testid="misclassified"></div>
    </div>
  </div>
  <section class="train-saved">
    <h3>Saved models</h3>
    <ul data-testid="saved-models"></ul>
    <label class="train-import">Import a .safetensors model
      <input type="file" accept=".safetensors,application/octet-stream" data-testid="import-file" /></label>
    <p class="train-import-error" data-testid="import-error" role="alert" hidden></p>
  </section>
`;
