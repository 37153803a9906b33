// Ten probability bars, one per digit; the most likely one is highlighted.
import { formatPercent, topIndex } from './predictions';

export interface ProbabilityBars {
  /** Shows probabilities (length = number of classes), or resets to empty with `null`. */
  update(probabilities: ArrayLike<number> | null): void;
}

export function setUpBars(list: HTMLOListElement, topAnswer: HTMLElement, classCount = 10): ProbabilityBars {
  const rows = Array.from({ length: classCount }, (_, digit) => {
    const item = document.createElement('li');
    item.className = 'bar';
    item.dataset.digit = String(digit);
    item.dataset.testid = `bar-${digit}`;
    const label = document.createElement('span');
    label.className = 'bar-label';
    label.textContent = String(digit);
    const track = document.createElement('span');
    track.className = 'bar-track';
    const fill = document.createElement('span');
    fill.className = 'bar-fill';
    track.append(fill);
    const value = document.createElement('span');
    value.className = 'bar-value';
    item.append(label, track, value);
    list.append(item);
    return { item, fill, value };
  });

  function update(probabilities: ArrayLike<number> | null): void {
    const top = probabilities === null ? -1 : topIndex(probabilities);
    rows.forEach(({ item, fill, value }, digit) => {
      const p = probabilities === null ? 0 : (probabilities[digit] ?? 0);
      fill.style.transform = `scaleX(${Math.min(1, Math.max(0, p))})`;
      value.textContent = probabilities === null ? '–' : formatPercent(p);
      item.dataset.probability = String(p);
      item.classList.toggle('top', digit === top);
      item.setAttribute('aria-label', `${digit}: ${probabilities === null ? 'no answer' : formatPercent(p)}`);
    });
    topAnswer.textContent = top < 0 ? '–' : String(top);
  }

  update(null);
  return { update };
}
