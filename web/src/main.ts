// Entry point: load the engine, then set up each feature on the page.
import { setUpDigits } from './digits';
import { loadEngine } from './engine';
import { testHooks } from './test-hooks';
import { setUpPresentationToggle } from './presentation';
import { setUpTraining } from './training';
import './style.css';

function element<T extends HTMLElement>(id: string, type: { new (): T }): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`index.html lacks #${id}`);
  return found;
}

const status = element('status', HTMLParagraphElement);

function showStatus(text: string, kind: 'loading' | 'error' | 'ready'): void {
  status.textContent = text;
  status.dataset.kind = kind;
  status.setAttribute('role', kind === 'error' ? 'alert' : 'status');
  status.hidden = kind === 'ready';
  document.body.dataset.state = kind;
}

setUpPresentationToggle();

async function main(): Promise<void> {
  showStatus('Loading the engine…', 'loading');
  const engine = await loadEngine();
  testHooks().engineMemory = () => engine.memory();
  showStatus('Loading the digit model…', 'loading');
  const digits = await setUpDigits(element('digits', HTMLElement), engine);
  await setUpTraining(element('training', HTMLElement), engine, digits);
  showStatus('', 'ready');
}

main().catch((error: unknown) => {
  console.error(error);
  showStatus(error instanceof Error ? error.message : String(error), 'error');
});
