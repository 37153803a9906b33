// axe-core in the e2e suite: inject node_modules/axe-core/axe.min.js into a
// page, run every rule axe enables by default (WCAG 2.x A/AA and best
// practices), and fail on any violation whose impact is serious or critical.
// Each check also records its counts (one JSON line per page and state) in
// test-results/axe-counts.jsonl, the source of the closing note's table.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './site.mjs';

export const AXE_SCRIPT = join(ROOT, 'node_modules/axe-core/axe.min.js');
export const AXE_COUNTS = join(ROOT, 'test-results/axe-counts.jsonl');
const BLOCKING = new Set(['serious', 'critical']);

/** Runs axe on `page` (the whole document, open shadow roots included) and returns its violations, summarised. */
export async function runAxe(page) {
  const loaded = await page.evaluate(() => typeof window.axe === 'object');
  // Evaluated through the DevTools protocol, not as a <script> tag: every page
  // has a Content-Security-Policy that refuses inline scripts, and the
  // policy stays on while axe checks the page.
  if (!loaded) await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  const violations = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ['violations'] });
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.map((n) => n.target.map(String).join(' ')).slice(0, 5),
      count: v.nodes.length,
    }));
  });
  const blocking = violations.filter((v) => BLOCKING.has(v.impact));
  return { violations, blocking };
}

/** Text listing each violation: id, impact, node count and the first selectors. */
export function describeViolations(violations) {
  return violations.map((v) => `${v.id} (${v.impact}, ${v.count} nodes: ${v.nodes.join(', ')}): ${v.help}`).join('\n');
}

/**
 * Runs axe and throws, listing the rule ids and nodes, when a serious or
 * critical violation is found. `label` names the page and state
 * ("digits: after drawing") in the error and in the counts file.
 */
export async function expectNoSeriousAxeViolations(page, label) {
  const { violations, blocking } = await runAxe(page);
  const byImpact = {};
  for (const v of violations) byImpact[v.impact] = (byImpact[v.impact] ?? 0) + 1;
  const record = { label, serious: blocking.length, total: violations.length, byImpact, ids: violations.map((v) => `${v.id}:${v.impact}`) };
  mkdirSync(join(ROOT, 'test-results'), { recursive: true });
  appendFileSync(AXE_COUNTS, `${JSON.stringify(record)}\n`);
  console.log(`axe: ${label}: ${blocking.length} serious/critical, ${violations.length} violations in all${violations.length > 0 ? ` (${record.ids.join(', ')})` : ''}`);
  if (blocking.length > 0) {
    throw new Error(`axe found ${blocking.length} serious or critical violation(s) on ${label}:\n${describeViolations(blocking)}`);
  }
  return record;
}
