// Presentation mode: larger text (at least 18 px) for a projector. The choice
// is kept in localStorage and applies to every page that calls this.
const KEY = 'glassbox.presentation';

export function setUpPresentationToggle(doc: Document = document): void {
  const toggle = doc.querySelector<HTMLInputElement>('[data-testid="presentation-toggle"]');
  const apply = (on: boolean): void => {
    doc.documentElement.classList.toggle('presentation', on);
    if (toggle !== null) toggle.checked = on;
  };
  let stored = false;
  try {
    stored = localStorage.getItem(KEY) === '1';
  } catch {
    // No storage: the toggle still works for this page.
  }
  apply(stored);
  toggle?.addEventListener('change', () => {
    apply(toggle.checked);
    try {
      localStorage.setItem(KEY, toggle.checked ? '1' : '0');
    } catch {
      // ignore
    }
  });
}
