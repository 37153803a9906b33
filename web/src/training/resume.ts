// A run survives a closed tab: the worker sends a checkpoint every epoch and
// every 30 s, kept in IndexedDB until the run ends; on the next visit the
// panel offers to resume it (same step, same optimizer state: the engine's
// TrainingSession.restoreState) or to discard it.
import type { RunCheckpoint } from './protocol';
import { PRESETS } from './protocol';
import type { CheckpointStore } from './store';

export interface ResumeOffer {
  /** Keeps the run's latest checkpoint; a storage failure is reported, the run goes on. */
  save(checkpoint: RunCheckpoint): Promise<void>;
  /** The run ended (finished, stopped or failed): nothing left to resume. */
  ended(): Promise<void>;
  /** A new run replaces whatever was offered. */
  dismiss(): void;
}

export interface ResumeHooks {
  resume(checkpoint: RunCheckpoint): void;
  /** Shown to the user: saving a checkpoint failed (quota, storage turned off). */
  storageFailed(text: string): void;
}

function describe(c: RunCheckpoint): string {
  const images = c.config.limit === null ? '60,000' : c.config.limit.toLocaleString('en');
  const when = new Date(c.date).toLocaleString();
  return `A training run was interrupted at step ${c.step.toLocaleString('en')} of ${c.totalSteps.toLocaleString('en')} ` +
    `(${PRESETS[c.config.preset].label}, ${c.config.optimizer}, ${images} images; saved ${when}). ` +
    'Resume it where it stopped, or discard it.';
}

export async function setUpResumeOffer(element: HTMLElement, store: CheckpointStore, hooks: ResumeHooks): Promise<ResumeOffer> {
  const offer = element.querySelector<HTMLDivElement>('[data-testid="resume-offer"]')!;
  const text = offer.querySelector<HTMLParagraphElement>('[data-testid="resume-text"]')!;
  const resumeButton = offer.querySelector<HTMLButtonElement>('[data-testid="resume-run"]')!;
  const discardButton = offer.querySelector<HTMLButtonElement>('[data-testid="discard-run"]')!;
  let pending: RunCheckpoint | null = null;
  let failed = false;

  const hide = (): void => {
    offer.hidden = true;
    pending = null;
  };
  resumeButton.addEventListener('click', () => {
    const checkpoint = pending;
    hide();
    if (checkpoint !== null) hooks.resume(checkpoint);
  });
  discardButton.addEventListener('click', () => {
    hide();
    void store.clear().catch((error: unknown) => hooks.storageFailed(`Could not discard the saved run: ${error instanceof Error ? error.message : String(error)}`));
  });

  try {
    pending = await store.load();
  } catch {
    pending = null;
  }
  if (pending !== null) {
    text.textContent = describe(pending);
    offer.hidden = false;
  }

  return {
    async save(checkpoint) {
      try {
        await store.save(checkpoint);
        element.dataset.checkpointStep = String(checkpoint.step);
        failed = false;
      } catch (error) {
        // Once per failing streak: the run goes on, the user knows a closed tab would lose it.
        if (!failed) hooks.storageFailed(`Could not save a checkpoint of this run (${error instanceof Error ? error.message : String(error)}): closing the tab now would lose it. The finished model can still be downloaded.`);
        failed = true;
      }
    },
    async ended() {
      delete element.dataset.checkpointStep;
      try {
        await store.clear();
      } catch {
        // Nothing to resume either way: the offer checks the settings before resuming.
      }
    },
    dismiss: hide,
  };
}
