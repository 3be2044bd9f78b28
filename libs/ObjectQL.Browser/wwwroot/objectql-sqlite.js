// The module the .NET executor imports as "objectql-sqlite": open(name, storage, sqliteUrl), run(name, request, args),
// close(name), remove(name, sqliteUrl), and preload(name, storage, sqliteUrl) for index.html. In a browser page it
// forwards every call to one dedicated Worker and holds a Web Lock while the page has the store open, so a second tab
// is told clearly that the database is in use. Under Node, Deno and Bun it runs SQLite in-process with the runtime's
// own SQLite (bun:sqlite, node:sqlite) or sqlite-wasm.
const inPage = typeof document !== 'undefined' && typeof Worker !== 'undefined';
const defaultSqliteUrl = new URL(inPage ? '../../sqlite-wasm/index.mjs' : '../../sqlite-wasm/node.mjs', import.meta.url).href;
const lockName = 'objectql-sqlite';
export const inUseMessage = 'objectql:database-in-use';

// The page's one Worker, its lock and its preloaded databases, kept on globalThis: a copy of this module imported under
// another URL (a query string, another base) must adopt them, never start a second Worker that the lock would refuse.
const shared = (globalThis[Symbol.for('objectql-sqlite')] ??= { worker: undefined, next: 0, pending: new Map(), lockHeld: null, preloads: new Map() });

function call(kind, ...args) {
  shared.worker ??= startWorker(kind === 'load' ? args[0] : undefined);
  return new Promise((resolve, reject) => {
    const id = ++shared.next;
    shared.pending.set(id, { resolve, reject });
    shared.worker.postMessage({ id, kind, args }, args.filter(owned).map(bytes => bytes.buffer));
  });
}

// A Uint8Array argument (a pulled page's bytes, which .NET's interop copied into an array of their own) is handed to
// the Worker, not copied: nothing on this side reads it again. Only an array that is its whole buffer is handed over (a
// view into a larger one, such as WebAssembly's memory, is copied as any argument is).
function owned(arg) {
  return arg instanceof Uint8Array && arg.buffer instanceof ArrayBuffer && arg.byteOffset === 0 && arg.byteLength === arg.buffer.byteLength;
}

// The Worker's name carries sqlite-wasm's URL: the Worker starts loading it as soon as its first module has run,
// instead of when the page's first message gets to it (tens to hundreds of milliseconds later on a busy start). The
// script's URL stays plain, as a service worker caches it.
function startWorker(sqliteUrl) {
  const started = new Worker(new URL('./objectql-sqlite-worker.js', import.meta.url), { type: 'module', name: sqliteUrl ?? '' });
  started.onmessage = ({ data }) => {
    const waiting = shared.pending.get(data.id);
    shared.pending.delete(data.id);
    if (data.error) waiting.reject(toError(data.error));
    else waiting.resolve(data.value);
  };
  started.onerror = event => {
    for (const waiting of shared.pending.values()) waiting.reject(new Error(`The SQLite worker failed: ${event.message}`));
    shared.pending.clear();
  };
  return started;
}

function toError(described) {
  const error = new Error(JSON.stringify(described));
  error.name = 'SqliteError';
  return error;
}

// One tab owns the store: the lock is held from the first open until the page goes away. A page that just reloaded
// may ask before the browser has released its previous document's lock, so a refusal is retried for about a second.
function takeLock() {
  if (!navigator.locks) return Promise.resolve(true);
  shared.lockHeld ??= (async () => {
    for (let attempt = 0; attempt < 10; attempt++) {
      const held = await new Promise(resolve => {
        navigator.locks.request(lockName, { ifAvailable: true }, lock => {
          resolve(lock !== null);
          return lock === null ? undefined : new Promise(() => {});
        });
      });
      if (held) return true;
      await new Promise(resolve => setTimeout(resolve, 100));
    }
    return false;
  })();
  return shared.lockHeld;
}

let local;
async function runtime() {
  local ??= import('./objectql-sqlite-runtime.js');
  return local;
}

// sqlite-wasm's download and compile start at once; the database opens once this tab holds the lock (the OPFS pool of
// a site belongs to one tab at a time).
async function openInWorker(name, storage, url) {
  call('load', url).catch(() => {});
  if (storage !== 'memory' && !(await takeLock())) {
    shared.lockHeld = null;
    throw toError({ message: `${inUseMessage}: the database '${name}' is open in another tab of this site; only one tab at a time can use it.`, code: 5 });
  }
  return call('open', name, storage, url);
}

/**
 * Starts opening a database while .NET starts (one line in index.html, docs/hosting/browser.md): the Worker,
 * sqlite-wasm's download and compile, the lock, the OPFS pool and the file. The app's own open of the same name adopts
 * it. It never rejects: a failure (another tab holds the store) is left for the app's open to report.
 */
export function preload(name, storage = 'auto', sqliteUrl) {
  if (!inPage) return Promise.resolve(null);
  let preloaded = shared.preloads.get(name);
  if (!preloaded) {
    preloaded = { storage, opened: openInWorker(name, storage, sqliteUrl || defaultSqliteUrl) };
    shared.preloads.set(name, preloaded);
    preloaded.opened.catch(() => forget(name, preloaded));
  }
  return preloaded.opened.catch(() => null);
}

function forget(name, preloaded) {
  if (shared.preloads.get(name) === preloaded) shared.preloads.delete(name);
}

// A preload of the same name is adopted when it asked for the same storage or got the one asked for; otherwise (or when
// it failed) the database is opened as asked.
async function adopt(name, storage) {
  const preloaded = shared.preloads.get(name);
  if (!preloaded) return null;
  const chosen = await preloaded.opened.catch(() => null);
  if (chosen !== null && (preloaded.storage === storage || chosen === storage)) return chosen;
  forget(name, preloaded);
  if (chosen !== null) await call('close', name);
  return null;
}

export async function open(name, storage, sqliteUrl) {
  const url = sqliteUrl || defaultSqliteUrl;
  if (!inPage) return (await runtime()).open(name, storage, url);
  return (await adopt(name, storage)) ?? openInWorker(name, storage, url);
}

// bytes: the request's byte array (the u argument of argumentText), or null.
export async function run(name, request, argumentText, bytes) {
  return inPage ? call('run', name, request, argumentText, bytes) : (await runtime()).run(name, request, argumentText, bytes);
}

export async function close(name) {
  shared.preloads.delete(name);
  return inPage ? call('close', name) : (await runtime()).close(name);
}

export async function remove(name, sqliteUrl) {
  const url = sqliteUrl || defaultSqliteUrl;
  shared.preloads.delete(name);
  return inPage ? call('remove', name, url) : (await runtime()).remove(name, url);
}
