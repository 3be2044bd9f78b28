// A static file server for a published .NET WebAssembly app on 127.0.0.1 (a free port). The MIME types matter:
// browsers compile WebAssembly by streaming only from application/wasm, and import modules only from text/javascript.
import { createServer } from 'node:http';
import { access, readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const types = {
  '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json',
  '.wasm': 'application/wasm', '.css': 'text/css', '.png': 'image/png', '.svg': 'image/svg+xml', '.ico': 'image/x-icon',
  '.webmanifest': 'application/manifest+json', '.dat': 'application/octet-stream', '.txt': 'text/plain',
};

// With a backend, requests under /api/ go to it, so the page and its server share one origin (no CORS). With
// { precompressed: true }, a file's published brotli copy (file.br) is sent when the browser accepts it, and every file
// carries a validator (ETag) that a later visit's conditional request is answered with 304 on, as a production server
// would: a returning user's browser then reuses its HTTP cache (and what it compiled from it) instead of downloading again.
export async function serve(folder, backend, { precompressed = false } = {}) {
  const root = resolve(folder);
  const server = createServer(async (request, response) => {
    if (backend && request.url.startsWith('/api/')) {
      await forward(request, response, backend);
      return;
    }
    let path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    if (path.endsWith('/')) path += 'index.html';
    const file = normalize(join(root, path));
    if (!file.startsWith(normalize(root))) {
      response.writeHead(403).end();
      return;
    }
    try {
      const headers = { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' };
      let sent = file;
      if (precompressed && /\bbr\b/.test(request.headers['accept-encoding'] ?? '') && (await exists(file + '.br'))) {
        sent = file + '.br';
        headers['content-encoding'] = 'br';
      }
      if (precompressed) {
        const { size, mtimeMs } = await stat(sent);
        headers.etag = `"${size.toString(36)}-${Math.floor(mtimeMs).toString(36)}${sent === file ? '' : '-br'}"`;
        headers.vary = 'accept-encoding';
        if (request.headers['if-none-match'] === headers.etag) {
          response.writeHead(304, headers).end();
          return;
        }
      }
      const body = await readFile(sent);
      response.writeHead(200, headers);
      response.end(body);
    } catch {
      response.writeHead(404).end();
    }
  });
  await new Promise(resolve => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise(resolve => server.close(resolve)) };
}

async function exists(file) {
  try {
    await access(file);
    return true;
  } catch {
    return false;
  }
}

// A request with X-Test-Fail-Request: <name>:<n> is answered 503 (Retry-After: 0) when it is the n-th of that name,
// once: a server that fails in the middle of a pull.
const failures = new Map();

async function forward(request, response, backend) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const headers = { ...request.headers };
  delete headers.host;
  delete headers.connection;
  const failing = headers['x-test-fail-request'];
  if (failing) {
    const [name, at] = failing.split(':');
    const seen = (failures.get(name) ?? 0) + 1;
    failures.set(name, seen);
    if (seen === Number(at)) {
      response.writeHead(503, { 'retry-after': '0', 'content-type': 'text/plain' }).end('failing once, for the test');
      return;
    }
  }
  try {
    const answer = await fetch(new URL(request.url, backend), {
      method: request.method,
      headers,
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await answer.arrayBuffer());
    const passed = {};
    answer.headers.forEach((value, name) => {
      if (name !== 'content-encoding' && name !== 'transfer-encoding' && name !== 'content-length') passed[name] = value;
    });
    response.writeHead(answer.status, passed);
    response.end(body);
  } catch (error) {
    response.writeHead(502).end(String(error));
  }
}
