// Web security (issue 13, part 8) in Chromium:
// - every page carries its Content-Security-Policy (scripts/csp.mjs) and works
//   under it: no securitypolicyviolation event and no CSP console error during
//   a full session, while an injected inline script and eval() are refused
//   (so the listener and the policy are live);
// - every request of a full session (load, draw, switch models, train, stop,
//   export, import, playground, lessons) goes to the page's own origin;
// - the widget demo and the classroom file (its own hash-based policy, from
//   file://) work under theirs.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MNIST_TEST_IMAGES, ROOT, afterFrames, drawDigit, launchBrowser, openSite, readMnistImages, startPreview, type PreviewHandle } from './support/site.mjs';
import { SITE_POLICY } from '../../scripts/csp.mjs';

declare global {
  interface Window {
    __cspViolations?: string[];
  }
}

let server: PreviewHandle;
let browser: Browser;
const dir = mkdtempSync(join(tmpdir(), 'glassbox-security-'));

beforeAll(async () => {
  server = await startPreview();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

interface Watch {
  requests: string[];
  /** securitypolicyviolation events (page) and CSP console messages (page and workers). */
  violations: string[];
  errors: string[];
}

/** A context whose pages record every request, CSP violation and error. */
async function watchedContext(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page; watch: Watch }> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, acceptDownloads: true, ...options });
  const watch: Watch = { requests: [], violations: [], errors: [] };
  // Context-wide: pages, dedicated workers and the service worker.
  context.on('request', (request) => watch.requests.push(request.url()));
  await context.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) => {
      window.__cspViolations!.push(`${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sourceFile}:${e.lineNumber})`);
    });
  });
  const page = await context.newPage();
  const onConsole = (text: string, type: string): void => {
    if (/Content Security Policy/i.test(text)) watch.violations.push(text);
    else if (type === 'error') watch.errors.push(text);
  };
  page.on('console', (m) => onConsole(m.text(), m.type()));
  page.on('pageerror', (e) => watch.errors.push(e.message));
  page.on('worker', (worker) => worker.on('console', (m) => onConsole(m.text(), m.type())));
  return { context, page, watch };
}

const pageViolations = (page: Page): Promise<string[]> => page.evaluate(() => window.__cspViolations ?? []);

/**
 * An injected inline script is refused, and the refusal is seen: the policy
 * and the listener are both live. With `evalProbe`, a same-origin script (its
 * URL answered by the test) calls eval() as page code and must get an
 * EvalError (page.evaluate itself runs outside the page's policy).
 */
async function expectPolicyEnforced(page: Page, evalProbe: boolean): Promise<void> {
  if (evalProbe) {
    await page.route('**/csp-eval-probe.js', (route) => route.fulfill({
      contentType: 'text/javascript',
      body: 'try { eval("1 + 1"); window.__evalProbe = "ran"; } catch (error) { window.__evalProbe = error.name; }',
    }));
  }
  const probe = await page.evaluate((withEval) => {
    const before = window.__cspViolations!.length;
    const inline = document.createElement('script');
    inline.textContent = 'window.__inlineRan = true;';
    document.head.append(inline);
    const loaded = new Promise<void>((done) => {
      if (!withEval) return done();
      const script = document.createElement('script');
      script.src = './csp-eval-probe.js';
      script.onload = () => done();
      script.onerror = () => done();
      document.head.append(script);
    });
    return loaded.then(() => new Promise<{ inlineRan: boolean; evalResult: unknown; seen: string[] }>((done) => setTimeout(() => {
      const w = window as unknown as { __inlineRan?: boolean; __evalProbe?: unknown };
      done({ inlineRan: w.__inlineRan === true, evalResult: w.__evalProbe, seen: window.__cspViolations!.splice(before) });
    }, 100)));
  }, evalProbe);
  expect(probe.inlineRan).toBe(false);
  expect(probe.seen.some((v) => v.startsWith('script-src-elem blocked inline'))).toBe(true);
  if (evalProbe) {
    expect(probe.evalResult).toBe('EvalError');
    expect(probe.seen.some((v) => v.startsWith('script-src blocked eval'))).toBe(true);
  }
}

const answer = async (page: Page) => ((await page.getByTestId('top-answer').textContent()) ?? '').trim();

describe('web security', () => {
  it('a full session stays on its origin and works under the policy', async () => {
    const { context, page, watch } = await watchedContext();
    const origin = new URL(server.url).origin;
    await openSite(page, server.url);
    expect(await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).toBe(SITE_POLICY);
    await expectPolicyEnforced(page, true);
    // The probe's own console lines are not the app's.
    watch.violations.length = 0;

    // Draw a 7, then every shipped model reads it.
    const seven = readMnistImages(MNIST_TEST_IMAGES, 1)[0]!;
    await drawDigit(page, page.getByTestId('draw-canvas'), seven);
    await afterFrames(page);
    expect(await answer(page)).toBe('7');
    const picker = page.getByTestId('model-picker');
    const models = await picker.locator('option').evaluateAll((options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(models.length).toBeGreaterThanOrEqual(2);
    for (const model of models) {
      await picker.selectOption(model);
      await expect.poll(() => page.locator('#digits').evaluate((el) => (el as HTMLElement).dataset.model)).toBe(model);
      await expect.poll(() => answer(page)).toBe('7');
    }

    // Train in the worker, stop, export the saved model, import it back.
    const training = page.locator('#training');
    const data = (name: string) => training.evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);
    await page.getByTestId('train-limit').selectOption('1000');
    // Long enough (1,260 steps) that Stop always finds it running: 2 epochs
    // (126 steps) could finish before the click on a quiet machine.
    await page.getByTestId('train-epochs').fill('20');
    await page.getByTestId('train-start').click();
    await expect.poll(() => data('lossPoints').then(Number), { timeout: 60_000 }).toBeGreaterThan(0);
    await page.getByTestId('train-stop').click();
    await expect.poll(() => data('done'), { timeout: 60_000 }).toBe('1');
    const saved = page.getByTestId('saved-models').locator('li[data-id]');
    await expect.poll(() => saved.count()).toBe(1);
    const [download] = await Promise.all([page.waitForEvent('download'), saved.first().getByRole('button', { name: 'Export' }).click()]);
    const file = join(dir, 'exported.safetensors');
    await download.saveAs(file);
    await page.getByTestId('import-file').setInputFiles(file);
    await expect.poll(() => saved.count()).toBe(2);

    // The playground: train XOR until it is right, then the lessons.
    await page.goto(`${server.url}playground.html`);
    await page.waitForSelector('[data-testid=diagram][data-params]', { timeout: 30_000 });
    await page.getByTestId('speed').fill('4');
    await page.getByTestId('play').click();
    await page.waitForSelector('[data-testid=truth-table][data-correct="4"]', { timeout: 30_000 });
    await page.getByTestId('play').click();
    expect(await pageViolations(page)).toEqual([]);
    await page.goto(`${server.url}lessons.html#7`);
    await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 30_000 });
    expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
    expect(await pageViolations(page)).toEqual([]);

    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    const outside = watch.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin);
    console.log(`full session: ${watch.requests.length} requests, ${new Set(watch.requests).size} distinct URLs, ${outside.length} outside ${origin}`);
    expect(watch.requests.length).toBeGreaterThan(20);
    expect(outside).toEqual([]);
    await context.close();
  });

  it('the widget demo works under its policy (its sheets are adopted, not inline)', async () => {
    const { context, page, watch } = await watchedContext();
    await page.goto(`${server.url}widget/widget-demo.html`);
    const widget = page.locator('glassbox-playground').first();
    await expect.poll(() => widget.evaluate((el) => (el as HTMLElement).dataset.state), { timeout: 30_000 }).toBe('ready');
    await expectPolicyEnforced(page, true);
    watch.violations.length = 0;
    // Styled inside the shadow root: the widget's sheets applied.
    expect(await widget.evaluate((el) => el.shadowRoot!.adoptedStyleSheets.length)).toBe(3);
    await page.waitForTimeout(500);
    expect(await pageViolations(page)).toEqual([]);
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    const origin = new URL(server.url).origin;
    expect(watch.requests.filter((url) => !url.startsWith('data:') && !url.startsWith('blob:') && new URL(url).origin !== origin)).toEqual([]);
    await context.close();
  });

  it('the classroom file works from file:// under its hash-based policy', async () => {
    const file = join(ROOT, 'dist/classroom/glassbox.html');
    if (!existsSync(file)) throw new Error(`${file} is missing. Run \`npm run build:classroom\` first.`);
    const { context, page, watch } = await watchedContext();
    await context.route('**/*', (route) => (route.request().url().startsWith('file:') ? route.continue() : route.abort('internetdisconnected')));
    await openSite(page, pathToFileURL(file).href);
    const policy = (await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content'))!;
    expect(policy).toMatch(/^default-src 'none'; script-src 'wasm-unsafe-eval'( 'sha256-[A-Za-z0-9+/=]+'){5}; style-src( 'sha256-[A-Za-z0-9+/=]+')+; worker-src blob:; img-src data: blob:;/);
    expect(policy).not.toMatch(/'unsafe-inline'|'unsafe-eval'/);
    // No same-origin script can be added to a file:// page with this policy, so only the inline probe.
    await expectPolicyEnforced(page, false);
    watch.violations.length = 0;
    await drawDigit(page, page.getByTestId('draw-canvas'), readMnistImages(MNIST_TEST_IMAGES, 1)[0]!);
    await afterFrames(page);
    expect(await answer(page)).toBe('7');
    // The worker (a blob: URL) compiles the engine under the inherited policy.
    const data = (name: string) => page.locator('#training').evaluate((el, key) => (el as HTMLElement).dataset[key] ?? '', name);
    await page.getByTestId('train-limit').selectOption('1000');
    await page.getByTestId('train-epochs').fill('1');
    await page.getByTestId('train-start').click();
    // One short epoch: it runs to the end (and the saved model) by itself.
    await expect.poll(() => data('done'), { timeout: 60_000 }).toBe('1');
    expect(Number(await data('lossPoints'))).toBeGreaterThan(0);
    for (const hash of ['#playground', '#lessons']) {
      // Via about:blank: a hash change alone would reload the page from its own listener.
      await page.goto('about:blank');
      await page.goto(`${pathToFileURL(file).href}${hash}`);
      await page.waitForFunction(() => document.body.dataset.state !== 'loading', undefined, { timeout: 30_000 });
      expect(await page.evaluate(() => document.body.dataset.state)).toBe('ready');
      expect(await pageViolations(page)).toEqual([]);
    }
    expect(watch.violations).toEqual([]);
    expect(watch.errors).toEqual([]);
    await context.close();
  });
});
