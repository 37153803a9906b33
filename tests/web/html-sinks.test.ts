// No markup or code built from data: every place in web/src that turns a string
// into HTML or code is found by text and checked (issue 13, part 8).
// - Code from strings (eval, new Function, string timers, document.write,
//   insertAdjacentHTML, outerHTML, srcdoc, createContextualFragment, DOMParser,
//   javascript: URLs) is refused everywhere: none is needed.
// - innerHTML and the lessons' html() helper take markup; every ${…} in that
//   markup must be a call to a formatter that emits numbers or constant markup
//   (FORMATTERS), or an expression reviewed below (REVIEWED, exact text, with
//   why it holds no data). A new interpolation fails until it is reviewed, and
//   a reviewed one may not name a data source (files, storage, model metadata,
//   URL state, typed text, error messages).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(__dirname, '../..');
const SRC = join(ROOT, 'web/src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return path.endsWith('engine/wasm') ? [] : sourceFiles(path);
    return /\.(ts|html)$/.test(name) ? [path] : [];
  });
}

const CODE_SINKS: [string, RegExp][] = [
  ['eval', /\beval\s*\(/],
  ['new Function', /\bnew\s+Function\b/],
  ['Function(…)', /\bFunction\s*\(/],
  ['string timer', /\bset(?:Timeout|Interval)\s*\(\s*['"`]/],
  ['document.write', /\bdocument\.write(?:ln)?\s*\(/],
  ['insertAdjacentHTML', /\binsertAdjacentHTML\b/],
  ['outerHTML', /\bouterHTML\s*\+?=/],
  ['srcdoc', /\bsrcdoc\b/],
  ['createContextualFragment', /\bcreateContextualFragment\b/],
  ['DOMParser', /\bDOMParser\b/],
  ['javascript: URL', /['"`]javascript:/i],
];

/** Calls whose output is a formatted number or markup from constants (each reviewed). */
const FORMATTERS = /^(fmt|fmtSmart|term|Math\.round|escapeHtml)\(/;

/** Names that carry data from outside the code; a reviewed interpolation may not use them. */
const DATA_SOURCES = /\b(message|metadata|file|files|location|search|hash|params|query|url|href|storage|localStorage|sessionStorage|indexedDB|record|stored|saved|JSON|textContent|innerText|dataset|getAttribute|clipboardData|dataTransfer)\b/;

/** file → interpolations reviewed by hand, with the reason each holds no data. */
const REVIEWED: Record<string, Record<string, string>> = {
  'digits/index.ts': { TEMPLATE: 'constant markup in this file' },
  'training/index.ts': { TEMPLATE: 'constant markup (training/template.ts)' },
  'sequences/main.ts': { TEMPLATE: 'constant markup in this file: its only ${…} are term() of constant glossary keys' },
  'view3d/neuron-panel.ts': { TEMPLATE: 'constant markup in this file' },
  'view3d/toolbar.ts': {
    'CONNECTIONS.min': 'number constant', 'CONNECTIONS.max': 'number constant',
    'CONNECTIONS.step': 'number constant', 'CONNECTIONS.initial': 'number constant',
  },
  'lessons/widgets.ts': {
    'markup.trim()': 'html(): the helper itself; every call site is scanned as a sink',
    task: 'checkBox(): a constant task id from the call site',
    labelHtml: 'slider(): parameter; every call site is scanned as a sink',
    promptHtml: 'checkBox(): parameter; every call site is scanned as a sink',
    query: 'playgroundLink(): parameter; call sites pass constant text, scanned as sinks',
    text: 'playgroundLink(): parameter; call sites pass constant text, scanned as sinks',
    min: 'slider(): number parameter', max: 'slider(): number parameter', step: 'slider(): number parameter',
    value: 'slider(): number parameter', testId: 'slider(): constant test id from the call site',
  },
  'lab/charts.ts': {
    "'<td></td>'.repeat(m.columns.length)": 'constant markup, repeated a number of times; the values go in as textContent',
  },
  'lab/main.ts': {
    'MEASURED.date': 'web/src/lab/measured.json, a committed constant (written by scripts/lab-measured.mjs)',
    "rows.map((r) => r.html).join('')": 'index rows built just above from escapeHtml() of the engine catalog and numbers, and thumbnailSvg() (lab/thumbnail.ts: escaped names, formatted numbers)',
    'info.browserSeconds': "a number from the engine's Lab catalog",
    'verdictBadge(defaults.verdict)': 'constant markup chosen by the verdict; the verdict text is escaped inside',
    'verdictBadge(m.result.verdict)': 'constant markup chosen by the verdict; the verdict text is escaped inside',
    's.name': "a setting's name from the engine's Lab catalog (a constant table in engine/src/lab)",
    's.min': 'a number from the Lab catalog', 's.max': 'a number from the Lab catalog',
    "s.whole ? 1 : 'any'": 'constant text chosen by a boolean',
    'given[s.name] ?? s.value': 'a number: settingsFromUrl() keeps Number(text) only, or the catalog default',
    "(TERMS_USED[info.id] ?? []).map((k) => term(k)).join(' · ')": 'term() of constant glossary keys',
    'resultTable(m.result)': 'resultTable() escapes every name and formats every number',
    'm.seconds.toFixed(1)': 'a number', '((performance.now() - started) / 1000).toFixed(1)': 'a number',
  },
  'attention/embedding-map.ts': { SIZE: 'number constant (the SVG viewBox side)' },
  'attention/main.ts': {
    "options(catalog.map((t) => t.name), s.task)": 'options() escapes every value and label (escapeHtml); the names are the engine catalog\'s, the current one a validated task name',
    's.seed': 'a number: parseState() keeps whole numbers in [0, 1000000] only',
    "options(['default', ...POSITIONALS], s.positional ?? 'default', ['task default', ...POSITIONALS])": 'options() of constant lists, escaped',
    "options(['default', ...DIMENSIONS], s.dimension === null ? 'default' : String(s.dimension), ['task default', ...DIMENSIONS.map(String)])": 'options() of constant numbers, escaped',
    AB_STEPS: 'number constant',
  },
  'attention/panels.ts': { "rows.join('')": 'rows built just above from escapeHtml() of the task\'s symbols and fmt() of engine numbers' },
  'attention/query-step.ts': { 'header + table + after': 'built just above from escapeHtml() of token symbols, fmt() of engine numbers, constant column names and term()' },
  'lessons/main.ts': {
    'l.id': 'LESSONS (lessons/catalog.ts), a constant table', 'l.title': 'LESSONS, a constant table',
    'prev.id': 'LESSONS', 'prev.title': 'LESSONS', 'next.id': 'LESSONS', 'next.title': 'LESSONS',
    'complete(l, progress)': 'a boolean',
    "l.id === id ? ' aria-current=\"page\"' : ''": 'constant markup chosen by a comparison',
    "complete(l, progress) ? ' <span aria-label=\"done\">✓</span>' : ''": 'constant markup chosen by a boolean',
  },
  'lessons/lesson-1-neuron.ts': {
    'i + 1': 'a loop index', 'f.name': 'FACTORS, a constant table in this file', 'f.hint': 'FACTORS, a constant table',
    terms: 'FACTORS mapped to fmt(number) × fmt(number)',
  },
  'lessons/lesson-2-limit.ts': {
    "rows.join('')": 'rows of fmt(engine number) cells and ✓/✗',
    "'linearly separable'": 'a string literal', right: 'a count (number), in a message shown as text',
  },
  'lessons/lesson-3-two-layers.ts': {
    "rows.join('')": 'rows of fmt(engine number) cells and ✓/✗', i: 'a loop index',
    right: 'a count (number), in a message shown as text',
  },
  'lessons/lesson-6-backprop.ts': { START: 'number constant' },
  'lessons/lesson-7-training.ts': {
    EPOCHS: 'number constant', 'RATES.length - 1': 'length of a constant array',
    'RATES[Number(rate.value)]': 'an entry of a constant number array (index from a range input)',
  },
  'lessons/lesson-8-onward.ts': { 'engine.version': "the engine's version string, compiled in" },
};

interface Interpolation {
  file: string;
  line: number;
  expression: string;
}

/** The end of the template literal that starts at text[start] (a backtick), and its top-level ${…} expressions. */
function readTemplate(text: string, start: number): { end: number; parts: { at: number; expression: string }[] } {
  const parts: { at: number; expression: string }[] = [];
  let i = start + 1;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '\\') i += 2;
    else if (ch === '`') return { end: i + 1, parts };
    else if (ch === '$' && text[i + 1] === '{') {
      const end = readExpression(text, i + 2, '}');
      parts.push({ at: i + 2, expression: text.slice(i + 2, end).trim() });
      i = end + 1;
    } else i++;
  }
  throw new Error('unterminated template literal');
}

/** The index of the `close` that ends an expression starting at `start` (strings, templates and brackets skipped). */
function readExpression(text: string, start: number, close: string): number {
  let depth = 0;
  let i = start;
  while (i < text.length) {
    const ch = text[i]!;
    if (ch === '`') {
      i = readTemplate(text, i).end;
      continue;
    }
    if (ch === '"' || ch === "'") {
      i++;
      while (i < text.length && text[i] !== ch) i += text[i] === '\\' ? 2 : 1;
      i++;
      continue;
    }
    if (depth === 0 && ch === close) return i;
    if ('([{'.includes(ch)) depth++;
    else if (')]}'.includes(ch)) {
      if (depth === 0) return i;
      depth--;
    }
    i++;
  }
  return i;
}

/** Helpers whose string arguments become markup (lessons/widgets.ts and the lessons' own). */
const MARKUP_CALLS = ['html', 'slider', 'checkBox', 'playgroundLink', 'matrix', 'row'];

/**
 * Every ${…} of every template literal in `code` (nested ones too). An
 * interpolation that holds a template itself (a .map(…) of rows) is not
 * reported; its own interpolations are.
 */
function templateParts(code: string, offset: number, found: { at: number; expression: string }[]): void {
  let i = 0;
  while (i < code.length) {
    const ch = code[i]!;
    if (ch === '"' || ch === "'") {
      i++;
      while (i < code.length && code[i] !== ch) i += code[i] === '\\' ? 2 : 1;
      i++;
    } else if (ch === '`') {
      const template = readTemplate(code, i);
      for (const part of template.parts) {
        if (part.expression.includes('`')) templateParts(part.expression, offset + part.at, found);
        else found.push({ at: offset + part.at, expression: part.expression });
      }
      i = template.end;
    } else i++;
  }
}

/** Every ${…} in the markup given to innerHTML or a markup helper; a non-literal innerHTML value counts as one expression. */
function markupInterpolations(file: string, text: string): Interpolation[] {
  const found: Interpolation[] = [];
  const lineOf = (at: number) => text.slice(0, at).split('\n').length;
  const calls = new RegExp(`(?<![.\\w'"])(?:${MARKUP_CALLS.join('|')})(?:<[^>()]*>)?\\(\\s*`, 'g');
  const sinks = [...text.matchAll(/\.innerHTML\s*\+?=\s*/g), ...text.matchAll(calls)];
  for (const sink of sinks) {
    // A definition (`function html<T …>(markup: string)`) is not a call.
    if (/function\s+$/.test(text.slice(0, sink.index))) continue;
    const start = sink.index! + sink[0].length;
    const isAssignment = sink[0].startsWith('.');
    const end = readExpression(text, start, isAssignment ? ';' : ')');
    const value = text.slice(start, end);
    const parts: { at: number; expression: string }[] = [];
    if (isAssignment && !/^\s*[`'"]/.test(value)) parts.push({ at: 0, expression: value.trim() });
    else templateParts(value, 0, parts);
    for (const part of parts) found.push({ file, line: lineOf(start + part.at), expression: part.expression });
  }
  return found;
}

const files = sourceFiles(SRC).map((path) => ({ path, name: relative(SRC, path), text: readFileSync(path, 'utf8') }));

describe('no markup or code from data in web/src', () => {
  it('finds the sources to check', () => {
    expect(files.length).toBeGreaterThan(50);
    expect(files.some((f) => f.name === 'training/store.ts')).toBe(true);
  });

  it('never builds code from a string, and never uses insertAdjacentHTML or outerHTML', () => {
    const hits = files.flatMap((f) =>
      f.text.split('\n').flatMap((line, i) => CODE_SINKS.filter(([, re]) => re.test(line)).map(([what]) => `${f.name}:${i + 1}: ${what}: ${line.trim()}`)));
    expect(hits).toEqual([]);
  });

  it('every ${…} given to innerHTML or html() is a formatter call or a reviewed constant', () => {
    const all = files.flatMap((f) => markupInterpolations(f.name, f.text));
    // The lessons build most of their markup this way: the scan must see it.
    expect(all.length).toBeGreaterThan(100);
    // A markup helper's call inside markup is itself scanned as a sink.
    const helperCall = new RegExp(`^(${MARKUP_CALLS.join('|')})\\(`);
    const unreviewed = all.filter((x) => !FORMATTERS.test(x.expression) && !helperCall.test(x.expression) && REVIEWED[x.file]?.[x.expression] === undefined);
    expect(unreviewed.map((x) => `${x.file}:${x.line}: \${${x.expression}}`)).toEqual([]);
  });

  it('no reviewed interpolation names a data source', () => {
    const tainted = Object.entries(REVIEWED).flatMap(([file, entries]) =>
      Object.keys(entries).filter((expression) => DATA_SOURCES.test(expression)).map((expression) => `${file}: ${expression}`));
    // playgroundLink(query, text) puts a URL query into an href: allowed only because every call passes a string literal.
    expect(tainted).toEqual(['lessons/widgets.ts: query']);
    const calls = files.flatMap((f) => [...f.text.matchAll(/(?<![.\w])playgroundLink\(\s*('[^']*'|[^,)]*)/g)].map((m) => `${f.name}: ${m[1]!.trim()}`));
    expect(calls.length).toBeGreaterThan(3);
    expect(calls.filter((c) => !/: '[^'`$]*'$/.test(c))).toEqual(['web/src/lessons/widgets.ts: query: string'].map((c) => c.replace('web/src/', '')));
  });

  it('the scanner sees what it must refuse (negative cases)', () => {
    const bad = 'el.innerHTML = `<b>${file.name}</b>`;\nconst n = html(`<p>${model.metadata.title}</p>`);\nlist.innerHTML = names.map((n) => `<li>${n}</li>`).join("");\nslider(`x ${location.hash}`, 0, 1);\n';
    expect(markupInterpolations('x.ts', bad).map((x) => x.expression)).toEqual(['file.name', 'names.map((n) => `<li>${n}</li>`).join("")', 'model.metadata.title', 'location.hash']);
    expect(DATA_SOURCES.test('file.name')).toBe(true);
    expect(FORMATTERS.test('fmt(file.size)')).toBe(true);
    expect(CODE_SINKS.filter(([, re]) => re.test('const f = new Function("a", body);')).map(([w]) => w)).toEqual(['new Function', 'Function(…)']);
    expect(CODE_SINKS.some(([, re]) => re.test('window.eval(text)'))).toBe(true);
    expect(CODE_SINKS.some(([, re]) => re.test('if (isFunction(x)) evaluate(x);'))).toBe(false);
  });
});
