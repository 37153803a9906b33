// A plain static file server (node:http, no Vite) that serves web/dist under
// a subpath, the way GitHub Pages serves a project site at /<repo>/. Anything
// outside the prefix is a 404, so a root-relative URL in the build fails the
// test instead of quietly working. No COOP/COEP or other special headers.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, sep } from 'node:path';
import { ROOT } from './site.mjs';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.wasm': 'application/wasm',
  '.gz': 'application/gzip',
  '.safetensors': 'application/octet-stream',
};

/**
 * Serves `dir` (default web/dist) at http://127.0.0.1:<port><prefix>.
 * `outside` collects every request path that fell outside the prefix.
 */
export async function startSubpathServer(prefix = '/glassbox/', dir = join(ROOT, 'web/dist')) {
  if (!existsSync(join(dir, 'index.html'))) throw new Error(`The built site is missing (${dir}/index.html). Run \`npm run build\` first.`);
  const outside = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (path === prefix.slice(0, -1)) {
      res.writeHead(301, { Location: prefix }).end();
      return;
    }
    if (!path.startsWith(prefix)) {
      outside.push(path);
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${path} is outside ${prefix}`);
      return;
    }
    let file = normalize(join(dir, path.slice(prefix.length)));
    if (file !== dir && !file.startsWith(dir + sep)) {
      res.writeHead(403).end();
      return;
    }
    if (existsSync(file) && statSync(file).isDirectory()) file = join(file, 'index.html');
    if (!existsSync(file)) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end(`Not found: ${path}`);
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': statSync(file).size });
    createReadStream(file).pipe(res);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', () => done(undefined)));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('subpath server has no TCP address');
  return {
    origin: `http://127.0.0.1:${address.port}`,
    url: `http://127.0.0.1:${address.port}${prefix}`,
    outside,
    close: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done(undefined)); }),
  };
}
