// SQLite in-process for .NET WebAssembly under a server-side JavaScript runtime: bun:sqlite under Bun, node:sqlite under
// Deno and Node 22+, sqlite-wasm under older Node. Databases live in memory (":memory:"): these hosts run tests and
// tools; a file-backed store on a server is the SQLite driver's job.
import { runBatch, writerConnection, unlinkMemoryFile, describe } from './objectql-sqlite-engine.js';

const databases = new Map();
let factory;

// Each database is a file in the temporary folder (WAL: a reader connection beside the writer never sees its open
// transaction), except under sqlite-wasm, whose files live in its in-memory file system.
async function chooseFactory(sqliteUrl) {
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const file = name => join(tmpdir(), `objectql-${process.pid ?? 0}-${name}`);
  if (globalThis.Bun) {
    const { Database } = await import('bun:sqlite');
    return {
      name: 'bun:sqlite',
      open: name => pair(bunConnection, () => new Database(file(name), { create: true, safeIntegers: true })),
      file,
    };
  }
  try {
    const { DatabaseSync } = await import('node:sqlite');
    return { name: 'node:sqlite', open: name => pair(nodeConnection, () => new DatabaseSync(file(name))), file };
  } catch {
    const module = await import(sqliteUrl);
    const sqlite3 = await module.default({ print: () => {}, printErr: () => {} });
    // A file of sqlite-wasm's in-memory file system: the unix VFS locks between the two connections of this process.
    const memfs = name => new sqlite3.oo1.DB({ filename: '/' + name, vfs: 'unix' });
    return {
      name: 'sqlite-wasm',
      open: name => writerConnection(sqlite3, memfs(name), memfs(name)),
      unlink: name => unlinkMemoryFile(sqlite3, '/' + name),
    };
  }
}

function pair(adapt, open) {
  const writer = adapt(open());
  writer.exec('PRAGMA journal_mode = WAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;');
  writer.reader = adapt(open());
  const close = writer.close;
  writer.close = () => {
    writer.reader.close();
    close();
  };
  return writer;
}

function fail(error) {
  const wrapped = new Error(JSON.stringify(describe(error)));
  wrapped.name = 'SqliteError';
  return wrapped;
}

export async function open(name, storage, sqliteUrl) {
  try {
    factory ??= await chooseFactory(sqliteUrl);
    if (!databases.has(name)) {
      databases.set(name, factory.open(name));
    }
    return factory.file ? `file (${factory.name})` : `memory (${factory.name})`;
  } catch (error) {
    throw fail(error);
  }
}

export async function run(name, request, argumentText, bytes) {
  const connection = databases.get(name);
  if (!connection) throw fail(new Error(`The database '${name}' is not open.`));
  return JSON.stringify(runBatch(connection, JSON.parse(request), argumentText, bytes));
}

export async function close(name) {
  databases.get(name)?.close();
  databases.delete(name);
}

export async function remove(name) {
  await close(name);
  factory?.unlink?.(name);
  if (factory?.file) {
    const { rm } = await import('node:fs/promises');
    for (const suffix of ['', '-wal', '-shm', '-journal']) await rm(factory.file(name) + suffix, { force: true });
  }
}

function cached(prepare) {
  const statements = new Map();
  return {
    get(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
    clear: () => statements.clear(),
  };
}

function bunConnection(db) {
  const statements = cached(sql => db.prepare(sql));
  return {
    exec(sql) {
      db.exec(sql);
      return 0;
    },
    run: (sql, args) => Number(statements.get(sql).run(...args).changes),
    query: (sql, args) => statements.get(sql).values(...args),
    inTransaction: () => db.inTransaction,
    close() {
      statements.clear();
      db.close();
    },
  };
}

// node:sqlite binds a list only to anonymous placeholders; the SQLite dialect's are named @p0, @p1... in order.
function named(args) {
  const values = {};
  args.forEach((value, index) => { values[`p${index}`] = value; });
  return values;
}

function nodeConnection(db) {
  const statements = cached(sql => {
    const statement = db.prepare(sql);
    statement.setReadBigInts(true);
    if (typeof statement.setReturnArrays === 'function') statement.setReturnArrays(true);
    return statement;
  });
  return {
    exec(sql) {
      db.exec(sql);
      return 0;
    },
    run: (sql, args) => Number(statements.get(sql).run(named(args)).changes),
    query(sql, args) {
      const rows = statements.get(sql).all(named(args));
      return rows.map(row => (Array.isArray(row) ? row : Object.values(row)));
    },
    inTransaction: () => db.isTransaction ?? false,
    close() {
      statements.clear();
      db.close();
    },
  };
}
