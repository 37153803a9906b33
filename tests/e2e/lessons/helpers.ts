// Shared by the lessons' browser tests: open a lesson, move a slider, read a
// test id's text, and measure layout (horizontal overflow, smallest text).
import type { Page } from 'playwright-core';

export async function openLesson(page: Page, baseUrl: string, id: number): Promise<void> {
  await page.goto(`${baseUrl}lessons.html#${id}`);
  await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 60_000 });
  const state = await page.evaluate(() => document.body.dataset.state);
  if (state !== 'ready') throw new Error(`lessons page not ready: ${await page.textContent('#status')}`);
  await page.waitForFunction((n) => document.getElementById('lesson')?.dataset.lesson === String(n), id);
}

/** Sets a range input as a user would (fires `input`). */
export async function setSlider(page: Page, testId: string, value: number): Promise<void> {
  await page.getByTestId(testId).fill(String(value));
}

export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Page width beyond the viewport (0 = no horizontal scroll). */
export function horizontalOverflow(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
}

/** The smallest computed font size (px) of any visible element under `root` (minus `skip`) that directly holds text. */
export function smallestText(page: Page, root = 'body', skip = '.none'): Promise<{ size: number; sample: string }> {
  return page.evaluate(([root, skip]) => {
    let best = { size: Infinity, sample: '' };
    for (const el of Array.from(document.querySelectorAll<HTMLElement>(`${root} *`))) {
      if (el.closest(skip) !== null) continue;
      const own = Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      if (!own || el.offsetParent === null || el.closest('[hidden]') !== null) continue;
      const size = parseFloat(getComputedStyle(el).fontSize);
      if (size < best.size) best = { size, sample: `${el.tagName}.${el.className}: ${(el.textContent ?? '').trim().slice(0, 30)}` };
    }
    return best;
  }, [root, skip] as const);
}
