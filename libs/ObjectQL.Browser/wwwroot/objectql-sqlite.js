// The module the .NET executor imports as "objectql-sqlite": open(name, storage, sqliteUrl), run(name, request, args),
// close(name), remove(name, sqliteUrl). In a browser page it forwards every call to one dedicated Worker and holds a
// Web Lock while the page has the store open, so a second tab is told clearly that the database is in use. Under Node,
// Deno and Bun it runs SQLite in-process with the runtime's own SQLite (bun:sqlite, node:sqlite) or sqlite-wasm.
const inPage = typeof document !== 'undefined' && typeof Worker !== 'undefined';
const defaultSqliteUrl = new URL(inPage ? '../../sqlite-wasm/index.mjs' : '../../sqlite-wasm/node.mjs', import.meta.url).href;
const lockName = 'objectql-sqlite';
export const inUseMessage = 'objectql:database-in-use';

let worker;
let next = 0;
const pending = new Map();
let lockHeld = null;

function call(kind, ...args) {
  worker ??= startWorker();
  return new Promise((resolve, reject) => {
    const id = ++next;
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, kind, args });
  });
}

function startWorker() {
  const started = new Worker(new URL('./objectql-sqlite-worker.js', import.meta.url), { type: 'module' });
  started.onmessage = ({ data }) => {
    const waiting = pending.get(data.id);
    pending.delete(data.id);
    if (data.error) waiting.reject(toError(data.error));
    else waiting.resolve(data.value);
  };
  started.onerror = event => {
    for (const waiting of pending.values()) waiting.reject(new Error(`The SQLite worker failed: ${event.message}`));
    pending.clear();
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
  lockHeld ??= (async () => {
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
  return lockHeld;
}

let local;
async function runtime() {
  local ??= import('./objectql-sqlite-runtime.js');
  return local;
}

export async function open(name, storage, sqliteUrl) {
  const url = sqliteUrl || defaultSqliteUrl;
  if (!inPage) return (await runtime()).open(name, storage, url);
  if (storage !== 'memory' && !(await takeLock())) {
    lockHeld = null;
    throw toError({ message: `${inUseMessage}: the database '${name}' is open in another tab of this site; only one tab at a time can use it.`, code: 5 });
  }
  return call('open', name, storage, url);
}

export async function run(name, request, argumentText) {
  return inPage ? call('run', name, request, argumentText) : (await runtime()).run(name, request, argumentText);
}

export async function close(name) {
  return inPage ? call('close', name) : (await runtime()).close(name);
}

export async function remove(name, sqliteUrl) {
  const url = sqliteUrl || defaultSqliteUrl;
  return inPage ? call('remove', name, url) : (await runtime()).remove(name, url);
}
