// The store write's Worker side, phase by phase, for docs/performance.md (store-probe.mjs prints it): the engine's own
// path (the request's text decoded, the bulk insert bound and stepped, the commit) against sqlite-wasm driven directly
// with the same rows, in this one Worker, on an opfs-sahpool VFS like the store's. A measurement, never a test.
import { decodeArguments, runBatch, writerConnection } from './_content/ObjectQL.Browser/objectql-sqlite-engine.js';
import init from './sqlite-wasm/index.mjs';

const columns = ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version', 'title', 'body', 'rank'];
const table = `CREATE TABLE "n" ("id" TEXT NOT NULL PRIMARY KEY, "created_at" TEXT NOT NULL, "updated_at" TEXT NOT NULL, "created_by" TEXT, "updated_by" TEXT, "_version" INTEGER NOT NULL, "title" TEXT, "body" TEXT, "rank" REAL)`;
// As the SQL driver writes it, with the SQLite dialect's placeholders.
const insert = `INSERT INTO "n" (${columns.map(c => `"${c}"`).join(', ')}) VALUES (${columns.map((_, i) => `@p${i}`).join(', ')})`;

// The rows as the .NET executor sends them (ArgumentText) and as plain arrays.
function rowsOf(count) {
  const now = new Date().toISOString().replace('Z', '0000+00:00');
  const rows = [];
  for (let i = 0; i < count; i++) rows.push([crypto.randomUUID(), now, now, 'bench', 'bench', 1, 'note ' + i, null, i]);
  return rows;
}

function argumentText(rows) {
  let text = '';
  for (const row of rows) {
    for (const value of row) {
      if (value === null) text += 'n';
      else if (typeof value === 'string') text += 's' + value.length + ':' + value;
      else if (Number.isInteger(value) && value === 1) text += 'i' + value + ';';
      else text += 'd' + value + ';';
    }
  }
  return text;
}

const ms = (from) => performance.now() - from;

// Every call on an OPFS access handle (the VFS's reads, writes, flushes, sizes and truncations, and its pool's header
// writes) counted and timed, in this Worker only: in a private (in-memory) profile each is a message to the browser.
const io = { calls: 0, flushes: 0, writes: 0, ioMs: 0 };
for (const name of ['read', 'write', 'flush', 'getSize', 'truncate']) {
  const original = FileSystemSyncAccessHandle.prototype[name];
  FileSystemSyncAccessHandle.prototype[name] = function (...args) {
    const start = performance.now();
    try {
      return original.apply(this, args);
    } finally {
      io.calls++;
      if (name === 'flush') io.flushes++;
      if (name === 'write') io.writes++;
      io.ioMs += ms(start);
    }
  };
}
const counted = action => {
  const before = { ...io };
  const start = performance.now();
  action();
  return { ms: ms(start), calls: io.calls - before.calls, flushes: io.flushes - before.flushes, writes: io.writes - before.writes, ioMs: io.ioMs - before.ioMs };
};

// The settings to try: "persist" (a journal mode) or PRAGMAs as "journal_mode=persist;synchronous=normal".
const pragmasOf = settings => (settings ?? '').split(';').filter(Boolean).map(s => (s.includes('=') ? s : `journal_mode=${s}`));

async function measure({ count, runs, settings }) {
  const sqlite3 = await init({ print: () => {}, printErr: () => {} });
  const pool = await sqlite3.installOpfsSAHPoolVfs({ name: 'probe', initialCapacity: 6 });
  const rows = rowsOf(count);
  const text = argumentText(rows);
  const request = JSON.stringify({ atomic: false, steps: [{ sql: 'BEGIN IMMEDIATE' }, { sql: insert, per: 9, n: text.length && rows.length * 9 }] });
  const best = {};
  const keep = (name, value) => { best[name] = Math.min(best[name] ?? Infinity, Math.round(value * 10) / 10); };
  const fresh = name => {
    pool.unlink('/' + name);
    const db = new pool.OpfsSAHPoolDb('/' + name);
    for (const pragma of pragmasOf(settings)) db.exec(`PRAGMA ${pragma}`);
    db.exec(table);
    return db;
  };
  for (let run = 0; run < runs; run++) {
    // The engine's path, as the store's Worker runs the two calls of a bulk write in a transaction.
    let db = fresh('engine.db');
    let connection = writerConnection(sqlite3, db);
    let start = performance.now();
    keep('decode', (() => { const t = performance.now(); decodeArguments(text); return ms(t); })());
    let answer;
    const inserted = counted(() => { answer = runBatch(connection, JSON.parse(request), text); });
    keep('engineInsert', inserted.ms);
    best.insertIoCalls = inserted.calls;
    if (answer.error) throw new Error(JSON.stringify(answer.error));
    const commit = counted(() => runBatch(connection, { steps: [{ sql: 'COMMIT' }] }, ''));
    keep('engineCommit', commit.ms);
    keep('commitIoMs', commit.ioMs);
    Object.assign(best, { commitIoCalls: commit.calls, commitWrites: commit.writes, commitFlushes: commit.flushes });
    // One more row in its own transaction, into the table of 1000: what an app's single save costs.
    const one = rowsOf(1)[0];
    const single = counted(() => {
      runBatch(connection, { atomic: true, steps: [{ sql: 'BEGIN IMMEDIATE' }, { sql: insert, n: 9 }, { sql: 'COMMIT' }] }, argumentText([one]));
    });
    keep('oneRowWrite', single.ms);
    best.oneRowIoCalls = single.calls;
    connection.close();

    // sqlite-wasm alone: one prepared statement, each row's array bound, stepped and reset, one transaction.
    db = fresh('raw.db');
    start = performance.now();
    db.exec('BEGIN IMMEDIATE');
    const statement = db.prepare(insert);
    for (const row of rows) statement.bind(row).stepReset();
    statement.finalize();
    keep('rawInsert', ms(start));
    keep('rawCommit', counted(() => db.exec('COMMIT')).ms);
    keep('rawTotal', ms(start));
    db.close();

    // The same rows in memory: the insert without OPFS.
    db = new sqlite3.oo1.DB(':memory:');
    db.exec(table);
    connection = writerConnection(sqlite3, db);
    start = performance.now();
    runBatch(connection, JSON.parse(request), text);
    runBatch(connection, { steps: [{ sql: 'COMMIT' }] }, '');
    keep('engineInMemory', ms(start));
    connection.close();
  }
  pool.unlink('/engine.db');
  pool.unlink('/raw.db');
  return { requestChars: request.length + text.length, ...best };
}

self.onmessage = async ({ data }) => {
  try {
    self.postMessage({ value: await measure(data) });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
