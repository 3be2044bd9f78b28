// Runs the executor's batches on one SQLite connection, whatever SQLite the host has: sqlite-wasm (browser Worker,
// Node), bun:sqlite or node:sqlite (Deno). A batch is a list of steps; each runs one statement once, once per row of
// arguments, or as a query whose rows come back as arrays. The first failing step stops the batch and is reported with
// SQLite's message and extended result code, which the .NET side classifies like every other SQLite store's errors.

import { pullMarker, runPullStep } from './objectql-pull.js';

// Integers outside JavaScript's exact range come back as {"i":"digits"}.
const MAX = BigInt(Number.MAX_SAFE_INTEGER);
const MIN = BigInt(Number.MIN_SAFE_INTEGER);

// Reads the request's arguments (ArgumentText in the .NET executor): n null; s<length>:<text>; i<digits>; a number;
// b<digits>; a BigInt; d<number>; a real; u the request's byte array (bytes, a Uint8Array). One pass, no JSON: the .NET
// side writes it with an append or two per value.
export function decodeArguments(text, bytes) {
  const values = [];
  let at = 0;
  while (at < text.length) {
    const tag = text.charCodeAt(at++);
    if (tag === 110) {
      values.push(null);
    } else if (tag === 117) {
      values.push(bytes);
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

// Runs one request ({steps, atomic}, each step taking its n arguments from argumentText (and bytes) in order) on a
// connection adapter; returns the response object. A request marked "reader" (a query outside any transaction) runs on
// the reader connection when there is one, so it never sees an open transaction's writes.
export function runBatch(writer, request, argumentText, bytes) {
  const connection = request.reader ? (writer.reader ?? writer) : writer;
  const values = argumentText ? decodeArguments(argumentText, bytes) : [];
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
    if (step.read && step.sql.startsWith(pullMarker)) {
      return { rows: runPullStep(connection, step.sql, args) };
    }
    if (step.read) {
      return { rows: connection.query(step.sql, args).map(row => row.map(encodeValue)) };
    }
    return { changes: [args.length === 0 && isScript(step.sql) ? connection.exec(step.sql) : connection.run(step.sql, args)] };
  }
  const rows = count / per;
  const changes = connection.insertMany?.(step.sql, values, from, per, rows)
    ?? (connection.runMany ? connection.runMany(step.sql, values, from, per, rows) : runEach(connection, step.sql, values, from, per, rows));
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

// A plain bulk insert, INSERT INTO t (c1, ..., cn) VALUES (@p0, ..., @pn-1) as the SQL driver writes it (the SQLite
// dialect's placeholders), or with ?1 ... ?n, and nothing else (no conflict clause, no RETURNING, no expression): those
// alone can read their rows from JSON instead.
const plainInsert = /^INSERT INTO ("(?:[^"]|"")+") \(("(?:[^"]|"")+"(?:, "(?:[^"]|"")+")*)\) VALUES \(((?:@p0|\?1)(?:, (?:@p|\?)\d+)*)\)$/;

// Either style, each value in its column's order.
const inOrder = (placeholders, name) => placeholders.every((placeholder, at) => placeholder === name(at));

// The same insert reading its rows from one JSON array of arrays: INSERT INTO t (...) SELECT value->>0, ... FROM
// json_each(?1). Null when the statement is not a plain insert of `per` values in order.
export function jsonInsertSql(sql, per) {
  const match = plainInsert.exec(sql);
  if (!match) return null;
  const placeholders = match[3].split(', ');
  if (placeholders.length !== per) return null;
  if (!inOrder(placeholders, at => '@p' + at) && !inOrder(placeholders, at => '?' + (at + 1))) return null;
  const columns = match[2].match(/"(?:[^"]|"")+"/g);
  if (columns.length !== per) return null;
  const values = placeholders.map((_, at) => 'value->>' + at).join(', ');
  return `INSERT INTO ${match[1]} (${match[2]}) SELECT ${values} FROM json_each(?1)`;
}

// The rows as one JSON text, or null when a value would not come back from SQLite's JSON exactly as its binding would
// store it: a BigInt (JSON has no such number), a string with a lone surrogate (its binding replaces it). Written as
// text straight from the values: the text JSON.stringify gives for the rows as arrays, without a thousand arrays to
// allocate and walk first (the Worker runs this code a few times, cold; docs/performance.md, "The store write, the
// rows' JSON").
export function rowsJson(values, from, per, rows) {
  if (typeof String.prototype.isWellFormed !== 'function') return null;
  let text = '[';
  for (let row = 0, at = from; row < rows; row++) {
    text += row === 0 ? '[' : ',[';
    for (let index = 0; index < per; index++, at++) {
      const value = values[at];
      if (index > 0) text += ',';
      if (typeof value === 'string') {
        if (!value.isWellFormed()) return null;
        text += JSON.stringify(value);
      } else if (typeof value === 'number') {
        // As JSON.stringify writes a number: NaN and the infinities as null, -0 as 0.
        text += Number.isFinite(value) ? String(value) : 'null';
      } else if (value === null) {
        text += 'null';
      } else {
        return null;
      }
    }
    text += ']';
  }
  return text + ']';
}

// sqlite-wasm binds every whole number as a 64-bit integer, so a real such as 1e300 would wrap (to 0): those beyond the
// 64-bit range are bound as the reals they are.
const int64Limit = 2 ** 63;
function bindValues(sqlite3, statement, values, from, count) {
  for (let index = 1, at = from; index <= count; index++, at++) {
    const value = values[at];
    if (typeof value === 'number' && (value >= int64Limit || value < -int64Limit)) {
      const rc = sqlite3.capi.sqlite3_bind_double(statement.pointer, index, value);
      if (rc) throw new sqlite3.SQLite3Error(rc, sqlite3.capi.sqlite3_errmsg(statement.db.pointer));
    } else {
      statement.bind(index, value);
    }
  }
}

// A connection adapter over sqlite-wasm's oo1.DB, with its prepared statements kept per SQL text.
export function sqliteWasmConnection(sqlite3, db) {
  const statements = new Map();
  const jsonInserts = new Map();
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
        bindValues(sqlite3, statement, args, 0, args.length);
        statement.step();
      } finally {
        statement.reset(true);
      }
      return db.changes();
    },
    // A plain bulk insert of many rows as one statement over the rows' JSON: SQLite reads every value in its own code,
    // where binding each value cost sqlite-wasm a call through its JavaScript layers (most of the Worker's time). The
    // statement is all or nothing, and a plain insert changes one row per row. Null when it does not apply.
    insertMany(sql, values, from, per, rows) {
      if (rows < 2) return null;
      let json = jsonInserts.get(sql);
      if (json === undefined) {
        json = jsonInsertSql(sql, per);
        jsonInserts.set(sql, json);
      }
      const text = json === null ? null : rowsJson(values, from, per, rows);
      if (text === null) return null;
      const statement = prepare(json);
      try {
        statement.bind(1, text);
        statement.step();
      } finally {
        statement.reset(true);
      }
      const changed = db.changes();
      if (changed !== rows) throw new Error(`A bulk insert of ${rows} rows changed ${changed}.`);
      return new Array(rows).fill(1);
    },
    // One statement, prepared once, run once per row: each row's values bound by index straight from the decoded
    // arguments (no array per row), the bindings cleared once at the end.
    runMany(sql, values, from, per, rows) {
      const statement = prepare(sql);
      const changes = new Array(rows);
      try {
        for (let row = 0, at = from; row < rows; row++) {
          bindValues(sqlite3, statement, values, at, per);
          at += per;
          statement.step();
          statement.reset();
          changes[row] = db.changes();
        }
      } finally {
        statement.reset(true);
      }
      return changes;
    },
    // One statement stepped once per row, each value bound by SQLite's own functions, without a JavaScript string or an
    // array per value: `cells` holds two numbers per value, a text's offset and length in `text` (UTF-8 bytes, copied
    // once into SQLite's memory and bound where they lie), or -1 for null, -2 and a whole number, -3 and a real. A
    // pull's apply writes its synced copies so (objectql-pull.js): SQLite parsing them from JSON and writing the
    // copies' JSON members back out as text cost more than the rows' inserts. Returns the rows changed in all.
    insertRows(sql, text, cells, per, rows) {
      const statement = prepare(sql);
      const api = sqlite3.wasm.exports;
      const handle = statement.pointer;
      const memory = sqlite3.wasm.alloc(Math.max(text.length, 1));
      let changed = 0;
      try {
        sqlite3.wasm.heap8u().set(text, memory);
        for (let row = 0, at = 0; row < rows; row++) {
          for (let index = 1; index <= per; index++, at += 2) {
            const first = cells[at];
            const rc = first >= 0 ? api.sqlite3_bind_text(handle, index, memory + first, cells[at + 1], 0)
              : first === -1 ? api.sqlite3_bind_null(handle, index)
              : first === -2 && cells[at + 1] === (cells[at + 1] | 0) ? api.sqlite3_bind_int(handle, index, cells[at + 1])
              : first === -2 ? sqlite3.capi.sqlite3_bind_int64(handle, index, BigInt(cells[at + 1]))
              : api.sqlite3_bind_double(handle, index, cells[at + 1]);
            if (rc) throw new sqlite3.SQLite3Error(rc, sqlite3.capi.sqlite3_errmsg(db.pointer));
          }
          const rc = api.sqlite3_step(handle);
          if (rc !== sqlite3.capi.SQLITE_DONE) {
            const error = new sqlite3.SQLite3Error(sqlite3.capi.sqlite3_extended_errcode(db.pointer), sqlite3.capi.sqlite3_errmsg(db.pointer));
            api.sqlite3_reset(handle);
            throw error;
          }
          changed += api.sqlite3_changes(db.pointer);
          api.sqlite3_reset(handle);
        }
      } finally {
        // The bindings point into the memory freed here.
        statement.reset(true);
        sqlite3.wasm.dealloc(memory);
      }
      return changed;
    },
    query(sql, args) {
      const statement = prepare(sql);
      const rows = [];
      try {
        bindValues(sqlite3, statement, args, 0, args.length);
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
