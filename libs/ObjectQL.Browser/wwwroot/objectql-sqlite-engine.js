// Runs the executor's batches on one SQLite connection, whatever SQLite the host has: sqlite-wasm (browser Worker,
// Node), bun:sqlite or node:sqlite (Deno). A batch is a list of steps; each runs one statement once, once per row of
// arguments, or as a query whose rows come back as arrays. The first failing step stops the batch and is reported with
// SQLite's message and extended result code, which the .NET side classifies like every other SQLite store's errors.

// Integers outside JavaScript's exact range come back as {"i":"digits"}.
const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

// Reads the request's arguments (ArgumentText in the .NET executor): n null; s<length>:<text>; i<digits>; a number;
// b<digits>; a BigInt; d<number>; a real. One pass, no JSON: the .NET side writes it with an append or two per value.
export function decodeArguments(text) {
  const values = [];
  let at = 0;
  while (at < text.length) {
    const tag = text.charCodeAt(at++);
    if (tag === 110) {
      values.push(null);
    } else if (tag === 115) {
      const colon = text.indexOf(':', at);
      const start = colon + 1;
      const end = start + Number(text.slice(at, colon));
      values.push(text.slice(start, end));
      at = end;
    } else {
      const end = text.indexOf(';', at);
      const digits = text.slice(at, end);
      values.push(tag === 98 ? BigInt(digits) : Number(digits));
      at = end + 1;
    }
  }
  return values;
}

export function encodeValue(value) {
  if (typeof value === 'bigint') {
    return value > MAX || value < MIN ? { i: value.toString() } : Number(value);
  }
  if (value instanceof Uint8Array) {
    return new TextDecoder().decode(value);
  }
  return value;
}

// Runs one request ({steps, atomic}, each step taking its n arguments from argumentText in order) on a connection
// adapter; returns the response object. A request marked "reader" (a query outside any transaction) runs on the reader
// connection when there is one, so it never sees an open transaction's writes.
export function runBatch(writer, request, argumentText) {
  const connection = request.reader ? (writer.reader ?? writer) : writer;
  const values = argumentText ? decodeArguments(argumentText) : [];
  const results = [];
  const steps = request.steps;
  let taken = 0;
  for (let at = 0; at < steps.length; at++) {
    const step = steps[at];
    const count = step.n ?? 0;
    const from = taken;
    taken += count;
    try {
      results.push(runStep(connection, step, values, from, count));
    } catch (error) {
      if (request.atomic && connection.inTransaction()) {
        connection.exec('ROLLBACK');
      }
      return { error: describe(error), at, results };
    }
  }
  return { results };
}

// A step's arguments are values[from .. from + count); a bulk write binds them in place, row by row, never copied.
function runStep(connection, step, values, from, count) {
  const per = step.per ?? 0;
  if (step.read || per === 0) {
    const args = count === 0 ? [] : values.slice(from, from + count);
    if (step.read) {
      return { rows: connection.query(step.sql, args).map(row => row.map(encodeValue)) };
    }
    return { changes: [args.length === 0 && isScript(step.sql) ? connection.exec(step.sql) : connection.run(step.sql, args)] };
  }
  const rows = count / per;
  const changes = connection.runMany ? connection.runMany(step.sql, values, from, per, rows) : runEach(connection, step.sql, values, from, per, rows);
  let same = true;
  for (let row = 1; row < rows && same; row++) {
    same = changes[row] === changes[0];
  }
  // A bulk write's answer stays short when every row changed the same number (the usual case).
  return same && rows > 1 ? { each: changes[0], n: rows } : { changes };
}

// A bulk write on a connection without runMany: one run per row.
function runEach(connection, sql, values, from, per, rows) {
  const changes = new Array(rows);
  for (let row = 0; row < rows; row++) {
    const start = from + row * per;
    changes[row] = connection.run(sql, values.slice(start, start + per));
  }
  return changes;
}

// Schema scripts hold several statements; a prepared statement would run only the first.
function isScript(sql) {
  const end = sql.trimEnd().replace(/;$/, '');
  return end.includes(';');
}

// SQLite's message and extended result code, from each library's error shape.
export function describe(error) {
  const code = error?.resultCode ?? error?.errcode ?? (typeof error?.errno === 'number' ? error.errno : null);
  return { message: String(error?.message ?? error), code: typeof code === 'number' ? code : null };
}

// A connection adapter over sqlite-wasm's oo1.DB, with its prepared statements kept per SQL text.
export function sqliteWasmConnection(sqlite3, db) {
  const statements = new Map();
  const prepare = sql => {
    let statement = statements.get(sql);
    if (!statement) {
      statement = db.prepare(sql);
      statements.set(sql, statement);
    }
    return statement;
  };
  return {
    exec(sql) {
      db.exec(sql);
      return db.changes();
    },
    run(sql, args) {
      const statement = prepare(sql);
      try {
        if (args.length > 0) statement.bind(args);
        statement.step();
      } finally {
        statement.reset(true);
      }
      return db.changes();
    },
    // One statement, prepared once, run once per row: each row's values bound by index straight from the decoded
    // arguments (no array per row), the bindings cleared once at the end.
    runMany(sql, values, from, per, rows) {
      const statement = prepare(sql);
      const changes = new Array(rows);
      try {
        for (let row = 0, at = from; row < rows; row++) {
          for (let index = 1; index <= per; index++) statement.bind(index, values[at++]);
          statement.step();
          statement.reset();
          changes[row] = db.changes();
        }
      } finally {
        statement.reset(true);
      }
      return changes;
    },
    query(sql, args) {
      const statement = prepare(sql);
      const rows = [];
      try {
        if (args.length > 0) statement.bind(args);
        while (statement.step()) rows.push(statement.get([]));
      } finally {
        statement.reset(true);
      }
      return rows;
    },
    inTransaction() {
      return sqlite3.capi.sqlite3_get_autocommit(db.pointer) === 0;
    },
    close() {
      for (const statement of statements.values()) statement.finalize();
      statements.clear();
      db.close();
    },
  };
}

// The connection that writes, with a reader connection beside it on the same database when the store allows two. The
// writer keeps its uncommitted pages in memory (no cache spill), so the database changes only when it commits.
export function writerConnection(sqlite3, db, readerDb) {
  const writer = sqliteWasmConnection(sqlite3, db);
  writer.exec('PRAGMA foreign_keys = ON; PRAGMA cache_spill = OFF;');
  if (readerDb) {
    writer.reader = sqliteWasmConnection(sqlite3, readerDb);
    const close = writer.close;
    writer.close = () => {
      writer.reader.close();
      close();
    };
  }
  return writer;
}

// Deletes a database file (and its journal) of sqlite-wasm's in-memory file system.
export function unlinkMemoryFile(sqlite3, path) {
  const vfs = sqlite3.capi.sqlite3_vfs_find('unix');
  for (const suffix of ['', '-journal']) {
    sqlite3.wasm.xCallWrapped('sqlite3__wasm_vfs_unlink', 'int', ['*', 'string'], vfs, path + suffix);
  }
}
