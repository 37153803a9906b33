// The Content-Security-Policy of every page, shared by the builds (vite.config.ts,
// vite.widget.config.ts, scripts/build-classroom.mjs) and the tests.
//
// Site pages (web/*.html, served over http): everything from the page's own
// origin; 'wasm-unsafe-eval' lets WebAssembly compile without 'unsafe-eval'
// (the module is linked with -sDYNAMIC_EXECUTION=0, so embind never calls
// new Function). data: images for the inline favicon; blob: images for
// exported PNGs. No inline script or style: Vite emits files.
import { createHash } from 'node:crypto';

export const SITE_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "img-src 'self' data: blob:",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join('; ');

/** The CSP source for an inline block's exact text, as the browser hashes it. */
export function sha256Source(text) {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The text of every inline <script> (no src) and <style> element in `html`. */
export function inlineBlocks(html) {
  const scripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)([^>]*)>([\s\S]*?)<\/script>/g)]
    // Data blocks (type="application/octet-stream", "text/plain") never run: the policy does not cover them.
    .filter((m) => !/\btype="(?!module"|text\/javascript")[^"]*"/.test(m[1]))
    .map((m) => m[2]);
  const styles = [...html.matchAll(/<style\b[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  return { scripts, styles };
}

/** The policy in a page's <meta http-equiv="Content-Security-Policy">, or null. */
export function metaPolicy(html) {
  const match = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/.exec(html);
  return match === null ? null : match[1];
}

/**
 * Throws unless `html` carries a policy meta before any script, and every
 * inline script and style in it is allowed by hash (an edited inline block
 * must get its new hash, which the message gives).
 */
export function checkPagePolicy(name, html) {
  const policy = metaPolicy(html);
  if (policy === null) throw new Error(`${name}: no <meta http-equiv="Content-Security-Policy"> (expected one, see scripts/csp.mjs)`);
  const metaAt = html.indexOf('http-equiv="Content-Security-Policy"');
  const firstScript = html.search(/<script\b/);
  if (firstScript !== -1 && firstScript < metaAt) throw new Error(`${name}: a <script> comes before the Content-Security-Policy meta`);
  if (/'unsafe-eval'|'unsafe-inline'/.test(policy)) throw new Error(`${name}: the policy allows 'unsafe-eval' or 'unsafe-inline': ${policy}`);
  const directives = new Map(policy.split(';').map((d) => d.trim().split(/\s+/)).map(([key, ...values]) => [key, values]));
  const sources = (key) => directives.get(key) ?? directives.get('default-src') ?? [];
  const { scripts, styles } = inlineBlocks(html);
  for (const [kind, blocks] of [['script', scripts], ['style', styles]]) {
    for (const text of blocks) {
      const source = sha256Source(text);
      if (!sources(`${kind}-src`).includes(source)) {
        throw new Error(`${name}: an inline <${kind}> (${text.length} chars, "${text.trim().slice(0, 40)}…") is not in the policy's ${kind}-src; its hash is ${source}`);
      }
    }
  }
  return policy;
}
