// The step-throughs' keyboard (playground backprop, a recurrent cell, one
// attention query): ← and → step while the focus is inside the panel. They
// are left alone with a modifier, and inside a field, a slider or a picker,
// where the arrow keys already mean something.
export function stepWithArrowKeys(panel: HTMLElement, move: (by: 1 | -1) => void): void {
  panel.addEventListener('keydown', (event) => {
    if (event.key !== 'ArrowRight' && event.key !== 'ArrowLeft') return;
    if (event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    const t = event.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLSelectElement || t instanceof HTMLTextAreaElement) return;
    event.preventDefault();
    move(event.key === 'ArrowRight' ? 1 : -1);
  });
}
