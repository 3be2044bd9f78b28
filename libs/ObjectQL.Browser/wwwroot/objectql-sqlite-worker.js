// The dedicated Worker that owns the browser's SQLite databases. OPFS synchronous access handles (the opfs-sahpool VFS)
// exist only in workers; where OPFS is missing, a database lives in memory and its image is saved to IndexedDB after
// every call that leaves it outside a transaction. Messages are {id, kind, args}; answers {id, value} or {id, error}.

// The engine (and the pull module it imports) loads beside sqlite-wasm, not before this module may run: each module is a
// request, and over HTTP/1.1 (six connections a host) one asked for while .NET downloads its boot files waited 400-485
// ms for a connection (docs/performance.md), which a static import put on the path to sqlite-wasm's load.
const engine = import('./objectql-sqlite-engine.js');
engine.catch(() => {});

const databases = new Map();
const openings = new Map();
let sqlite3;
let loading;
let pool;
let warmUpScheduled = false;

// The page asks for the load before the open (it starts while the page takes its lock); both wait for the one load.
// sqlite-wasm's WebAssembly is fetched and compiled while its JavaScript module (650 KB) downloads and runs, not after:
// the module's own start would ask for it only once it has run.
function load(sqliteUrl) {
  if (!loading) {
    loading = (async () => {
      const compiling = compileSqlite(sqliteUrl);
      const module = await import(sqliteUrl);
      const compiled = await compiling;
      sqlite3 = await module.default({
        print: () => {},
        printErr: () => {},
        // Without a compiled module (a failed fetch or compile), sqlite-wasm fetches and compiles it itself, as before.
        ...(compiled && { instantiateWasm: (imports, done) => done(new WebAssembly.Instance(compiled, imports), compiled) }),
      });
    })();
    loading.catch(() => { loading = undefined; });
  }
  return loading;
}

// sqlite3.wasm beside index.mjs, where sqlite-wasm itself looks for it; null when it cannot be had this way.
async function compileSqlite(sqliteUrl) {
  try {
    const url = new URL('sqlite3.wasm', new URL(sqliteUrl, import.meta.url));
    return await WebAssembly.compileStreaming(fetch(url, { credentials: 'same-origin' }));
  } catch {
    return null;
  }
}

// The browser compiles WebAssembly lazily, function by function, when first called: statements of the kinds an app's
// first open runs (schema reads, CREATE TABLE and INDEX, bound writes, a transaction, a count), run once on a scratch
// database, take that compiling off the app's first calls. It runs right after the first database is open, not before:
// the open is then answered sooner, and the warm-up overlaps what is left of the app's own first-time code before its
// first statement instead of delaying the open.
function scheduleWarmUp() {
  if (warmUpScheduled) return;
  warmUpScheduled = true;
  // Only a head start: a failure here must not reach the page, whose Worker error handler fails every pending call.
  setTimeout(() => { try { warmUp(); } catch { } }, 0);
}

function warmUp() {
  const db = new sqlite3.oo1.DB(':memory:');
  try {
    db.exec("BEGIN IMMEDIATE; CREATE TABLE w (id TEXT NOT NULL PRIMARY KEY, n REAL, t TEXT); CREATE INDEX w_n ON w (n)");
    db.exec({ sql: 'INSERT INTO w (id, n, t) VALUES (?, ?, ?) ON CONFLICT (id) DO UPDATE SET n = excluded.n', bind: ['a', 1.5, null] });
    db.exec('COMMIT');
    db.selectArrays("SELECT name, type FROM pragma_table_info('w')");
    db.selectValue('SELECT COUNT(*) FROM w WHERE n > ?', [1]);
  } finally {
    db.close();
  }
}

// Installed once, also when two databases open at the same time.
function opfsPool() {
  pool ??= (async () => {
    if (!globalThis.navigator?.storage?.getDirectory) return null;
    // The access handles of a page that just reloaded may not be released yet: retry for about a second.
    for (let attempt = 0; attempt < 10; attempt++) {
      try {
        // Each slot is a file created and flushed on a first visit: one database and its journal take two, and
        // openDatabase reserves more as databases open (temporary files stay in memory: SQLITE_TEMP_STORE=2).
        return await sqlite3.installOpfsSAHPoolVfs({ name: 'objectql', initialCapacity: 4 });
      } catch {
        await new Promise(resolve => setTimeout(resolve, 100));
      }
    }
    return null;
  })();
  return pool;
}

// Opening a database twice at once (a preload and the app's own open) opens it once.
function open(name, storage, sqliteUrl) {
  if (databases.has(name)) return databases.get(name).storage;
  let opening = openings.get(name);
  if (!opening) {
    opening = openDatabase(name, storage, sqliteUrl).finally(() => openings.delete(name));
    openings.set(name, opening);
  }
  return opening;
}

async function openDatabase(name, storage, sqliteUrl) {
  await load(sqliteUrl);
  let chosen = storage;
  let db;
  let reader;
  if (storage === 'opfs' || storage === 'auto') {
    const opfs = await opfsPool();
    if (opfs) {
      await opfs.reserveMinimumCapacity(2 * (databases.size + 1) + 2);
      db = new opfs.OpfsSAHPoolDb('/' + name);
      reader = new opfs.OpfsSAHPoolDb('/' + name);
      chosen = 'opfs';
    } else if (storage === 'opfs') {
      throw new Error('OPFS is not available in this browser (storage: opfs was asked for).');
    }
  }
  if (!db && (storage === 'indexeddb' || storage === 'auto') && globalThis.indexedDB) {
    db = new sqlite3.oo1.DB(':memory:');
    const image = await idb('readonly', store => store.get(name));
    if (image) restore(db, image);
    chosen = 'indexeddb';
  }
  if (!db) {
    // A file of the in-memory file system: the unix VFS locks between the two connections of this Worker.
    db = new sqlite3.oo1.DB({ filename: '/' + name, vfs: 'unix' });
    reader = new sqlite3.oo1.DB({ filename: '/' + name, vfs: 'unix' });
    chosen = 'memory';
  }
  // The engine is awaited last: the OPFS pool's installation and the file's open overlap its download.
  let writerConnection;
  try {
    ({ writerConnection } = await engine);
  } catch (error) {
    db.close();
    reader?.close();
    throw error;
  }
  const connection = writerConnection(sqlite3, db, reader);
  databases.set(name, { connection, db, storage: chosen });
  scheduleWarmUp();
  return chosen;
}

async function run(name, requestText, argumentText, bytes) {
  const database = databases.get(name);
  if (!database) throw new Error(`The database '${name}' is not open.`);
  const { runBatch } = await engine;
  const request = JSON.parse(requestText);
  const response = runBatch(database.connection, request, argumentText, bytes);
  if (database.storage === 'indexeddb' && !database.connection.inTransaction() && request.steps.some(s => !s.read)) {
    const image = sqlite3.capi.sqlite3_js_db_export(database.db.pointer);
    await idb('readwrite', store => store.put(image, name));
  }
  return JSON.stringify(response);
}

function close(name) {
  databases.get(name)?.connection.close();
  databases.delete(name);
}

async function remove(name, sqliteUrl) {
  close(name);
  await load(sqliteUrl);
  const { unlinkMemoryFile } = await engine;
  const opfs = await opfsPool();
  opfs?.unlink('/' + name);
  unlinkMemoryFile(sqlite3, '/' + name);
  if (globalThis.indexedDB) await idb('readwrite', store => store.delete(name));
}

function restore(db, image) {
  const { capi, wasm } = sqlite3;
  const bytes = new Uint8Array(image);
  const pointer = wasm.allocFromTypedArray(bytes);
  const flags = capi.SQLITE_DESERIALIZE_FREEONCLOSE | capi.SQLITE_DESERIALIZE_RESIZEABLE;
  db.checkRc(capi.sqlite3_deserialize(db.pointer, 'main', pointer, bytes.length, bytes.length, flags));
}

function idb(mode, action) {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open('objectql-sqlite', 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore('images');
    opening.onerror = () => reject(opening.error);
    opening.onsuccess = () => {
      const connection = opening.result;
      const transaction = connection.transaction('images', mode);
      const request = action(transaction.objectStore('images'));
      transaction.oncomplete = () => { connection.close(); resolve(request.result); };
      transaction.onerror = () => { connection.close(); reject(transaction.error); };
    };
  });
}

const handlers = { load: async url => { await load(url); }, open, run, close, remove };

// The page names the Worker after sqlite-wasm's URL when it has one (objectql-sqlite.js): start loading it now. A
// failure is left for the page's own load message to report.
if (self.name) load(self.name).catch(() => {});

self.onmessage = async ({ data }) => {
  try {
    const value = await handlers[data.kind](...data.args);
    self.postMessage({ id: data.id, value });
  } catch (error) {
    self.postMessage({ id: data.id, error: await described(error) });
  }
};

// The engine's description of a failure; its message alone when the engine itself could not load.
async function described(error) {
  try {
    return (await engine).describe(error);
  } catch {
    return { message: String(error?.message ?? error), code: null };
  }
}
