// node pull-apply-checks.mjs <wwwroot folder of ObjectQL.Browser>: the Worker's apply of a pull's set (objectql-pull.js)
// on sqlite-wasm under Node, with a plan of the driver's form (BrowserSqliteDriver.Pull.cs): into an empty store, and
// into a store that holds a synced copy of one of the set's records (which the client's checks exclude, so only a store
// changed behind them has one), and into an empty store over a connection that binds no rows in place. Prints one JSON line: each case's answer and what the tables hold after it.
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = process.argv[2];
const { runPullStep, pullMarker } = await import(pathToFileURL(join(root, 'objectql-pull.js')).href);
const { writerConnection } = await import(pathToFileURL(join(root, 'objectql-sqlite-engine.js')).href);
const sqliteWasm = join(process.env.OBJECTQL_BROWSER_TOOLS, 'node_modules', '@sqlite.org', 'sqlite-wasm', 'dist', 'node.mjs');
const sqlite3 = await (await import(pathToFileURL(sqliteWasm).href)).default({ print: () => {}, printErr: () => {} });

const system = '"created_at" TEXT, "updated_at" TEXT, "created_by" TEXT, "updated_by" TEXT, "_version" INTEGER';
const schema = [
  `CREATE TABLE "pull_label" ("id" TEXT NOT NULL PRIMARY KEY, "name" TEXT, "done" INTEGER, ${system})`,
  `CREATE TABLE "_objectql_client_records" ("id" TEXT NOT NULL PRIMARY KEY, "object_name" TEXT, "record_id" TEXT, "version" REAL, "clock" TEXT, "field_clocks" TEXT, "image" TEXT, "deleted" INTEGER, ${system})`,
  `CREATE TABLE "_objectql_client_staging" ("id" TEXT NOT NULL PRIMARY KEY, "position" REAL, "change" TEXT, ${system})`,
];
const copyColumns = ['id', 'object_name', 'record_id', 'version', 'clock', 'field_clocks', 'image', 'deleted'];
const plan = {
  system: ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version'],
  objects: {
    pull_label: {
      fields: { name: 'text', done: 'boolean' },
      insert: 'WITH json_rows AS MATERIALIZED (SELECT json_extract(value, \'$.id\') AS c0, json_type(value, \'$.data."name"\') AS t1, '
        + 'CASE WHEN json_type(value, \'$.data."name"\') IS NULL THEN NULL ELSE json_extract(value, \'$.data."name"\') END AS v1, '
        + 'json_type(value, \'$.data."done"\') AS t2, CASE WHEN json_type(value, \'$.data."done"\') IS NULL THEN NULL ELSE json_extract(value, \'$.data."done"\') END AS v2 '
        + 'FROM jsonb_each(@p0)) INSERT INTO "pull_label" ("id", "name", "done", "created_at", "updated_at", "created_by", "updated_by", "_version") '
        + 'SELECT r.c0, r.v1, r.v2, NULL, NULL, NULL, NULL, 1 FROM json_rows AS r WHERE typeof(r.c0) = \'text\' AND (r.t1 IS NULL OR r.t1 IN (\'text\', \'null\')) '
        + 'AND (r.t2 IS NULL OR r.t2 IN (\'true\', \'false\', \'null\')) ON CONFLICT DO NOTHING',
      args: '',
    },
  },
  records: {
    insert: `INSERT INTO "_objectql_client_records" (${copyColumns.map(c => `"${c}"`).join(', ')}) VALUES (${copyColumns.map((_, at) => `@p${at}`).join(', ')}) ON CONFLICT DO NOTHING`,
    columns: copyColumns,
  },
  staging: {
    count: 'SELECT COUNT(*) FROM "_objectql_client_staging"',
    ids: 'SELECT "id" FROM "_objectql_client_staging" ORDER BY "position"',
    text: 'SELECT "change" FROM "_objectql_client_staging" WHERE "id" = ?1',
    clear: 'DELETE FROM "_objectql_client_staging"',
    insert: 'INSERT INTO "_objectql_client_staging" ("id", "position", "change", "created_at", "updated_at", "created_by", "updated_by", "_version") VALUES (@p0, @p1, @p2, @p3, @p4, @p5, @p6, @p7)',
    columns: ['id', 'position', 'change', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version'],
  },
};
const clock = '2026-12-05T06:00:00.123Z-0000001a-server';
const change = (id, name, overrides = {}) => ({
  objectName: 'pull_label', recordId: id, operation: 'create', serverVersion: 1, timestamp: '2026-12-05T06:00:00.123Z', clock,
  data: { _version: 1, created_at: '2026-12-05T06:00:00.1+00:00', id, name, done: id.length % 2 === 0 }, fieldClocks: { name: clock }, ...overrides,
});
const page = (changes, hasMore) => JSON.stringify({
  results: [], serverChanges: changes, checkpoint: 'c1', hasMore, serverClock: clock, highestSequence: 0,
  limits: { maxMutationsPerRequest: 1000, maxRecordBytes: 1048576, maxRequestBytes: 10485760 },
});
// Names the client's serializer escapes (quotes, <, +, non-ASCII, a surrogate pair, a control character), and a
// record deleted after its create (a tombstone copy, no row).
const pages = [
  page([change('r1', 'plain'), change('r2', 'quote " <b> a+b'), change('r3', 'three')], true),
  page([change('r4', 'caf\u00e9 \ud83d\ude00 \u0001'), change('r3', null, { operation: 'delete', serverVersion: 2, data: undefined, fieldClocks: undefined })], false),
];

let number = 0;
function pull(connection) {
  const plans = [++number, ++number];
  let last;
  for (const [at, body] of pages.entries()) {
    const message = at === 0 ? { plan: plans[0], definition: plan, step: { kind: 'take' } } : { plan: plans[0], step: { kind: 'take' } };
    last = JSON.parse(runPullStep(connection, pullMarker + JSON.stringify(message), [new TextEncoder().encode(body)])[0][0]).page;
  }
  const step = { plan: plans[1], definition: plan, step: { kind: 'apply', page: last, snapshot: false } };
  return JSON.parse(runPullStep(connection, pullMarker + JSON.stringify(step), [null])[0][0]);
}

// held: a copy of r2 is there first; rowByRow: the connection binds no rows in place (as bun:sqlite's and node:sqlite's
// adapters), so the copies go row by row through run.
function run(held, rowByRow = false) {
  const connection = writerConnection(sqlite3, new sqlite3.oo1.DB(':memory:'));
  if (rowByRow) delete connection.insertRows;
  for (const sql of schema) connection.exec(sql);
  if (held) {
    connection.run('INSERT INTO "_objectql_client_records" ("id", "object_name", "record_id", "version", "image", "deleted") VALUES (?1, ?2, ?3, ?4, ?5, ?6)',
      ['pull_label:r2', 'pull_label', 'r2', 7, '{"name":"held"}', 0]);
  }
  connection.exec('BEGIN');
  const answer = pull(connection);
  connection.exec('COMMIT');
  const rows = table => connection.query(`SELECT * FROM "${table}" ORDER BY 1`, []);
  const result = {
    answer,
    copies: rows('_objectql_client_records').map(r => r.slice(0, 8)),
    labels: rows('pull_label').map(r => r.slice(0, 3)),
    staged: connection.query('SELECT COUNT(*) FROM "_objectql_client_staging"', [])[0][0],
  };
  connection.close();
  return result;
}

console.log(JSON.stringify({ empty: run(false), held: run(true), rowByRow: run(false, true) }));
