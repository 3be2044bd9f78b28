// node pull-apply-cost.mjs <wwwroot of ObjectQL.Browser> [runs] [json]: what the Worker's pull module (objectql-pull.js)
// costs for a first pull of 10,000 to-dos (two pages of 5,000, about 700 bytes a change) on sqlite-wasm under Node,
// without a browser or a server. Per run, one JSON line: the process's CPU time of the whole pull and of the copies'
// and the create's statements (milliseconds; less sensitive to the machine's load than wall time), the module's own
// measures (wall time), the bytes of the copies handed to SQLite, and a digest of every copy's and row's columns (the
// same digest means the same rows, type for type). `json`: the synced copies' statement of the plans before the copies
// were bound row by row (INSERT ... SELECT FROM jsonb_each), for a module of that time. docs/performance.md, Browser.
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [root, runsText = '5', form = 'values'] = process.argv.slice(2);
const load = file => import(pathToFileURL(file).href);
const { runPullStep, pullMarker } = await load(join(root, 'objectql-pull.js'));
const { writerConnection } = await load(join(root, 'objectql-sqlite-engine.js'));
const wasm = await load(join(process.env.OBJECTQL_BROWSER_TOOLS, 'node_modules/@sqlite.org/sqlite-wasm/dist/node.mjs'));
const sqlite3 = await wasm.default({ print() {}, printErr() {} });

// The tables and statements of the offline PWA's to-dos, in the driver's forms (BrowserSqliteDriver.Pull.cs).
const system = ['created_at', 'updated_at', 'created_by', 'updated_by'].map(name => `"${name}" TEXT`).join(', ') + ', "_version" INTEGER';
const schema = [
  `CREATE TABLE "todo_item" ("id" TEXT NOT NULL PRIMARY KEY, "title" TEXT, "done" INTEGER, "priority" TEXT, ${system})`,
  `CREATE TABLE "_objectql_client_records" ("id" TEXT NOT NULL PRIMARY KEY, "object_name" TEXT, "record_id" TEXT, "version" REAL, "clock" TEXT, "field_clocks" TEXT, "image" TEXT, "deleted" INTEGER, ${system})`,
  'CREATE INDEX "ix_records_object_name" ON "_objectql_client_records" ("object_name")',
  `CREATE TABLE "_objectql_client_staging" ("id" TEXT NOT NULL PRIMARY KEY, "position" REAL, "change" TEXT, ${system})`,
];
const copyColumns = ['id', 'object_name', 'record_id', 'version', 'clock', 'field_clocks', 'image', 'deleted'];
const quoted = names => names.map(name => `"${name}"`).join(', ');
const copies = form === 'json'
  ? `INSERT INTO "_objectql_client_records" (${quoted(copyColumns)}) SELECT ${copyColumns.map((_, at) => `value ->> ${at}`).join(', ')} FROM jsonb_each(@p0) WHERE true ON CONFLICT DO NOTHING`
  : `INSERT INTO "_objectql_client_records" (${quoted(copyColumns)}) VALUES (${copyColumns.map((_, at) => `@p${at}`).join(', ')}) ON CONFLICT DO NOTHING`;
const field = (name, at) => `json_type(value, '$.data."${name}"') AS t${at}, `
  + `CASE WHEN json_type(value, '$.data."${name}"') IS NULL THEN NULL ELSE json_extract(value, '$.data."${name}"') END AS v${at}`;
const plan = {
  system: ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version'],
  objects: {
    todo_item: {
      fields: { title: 'text', done: 'boolean', priority: 'text' },
      insert: `WITH json_rows AS MATERIALIZED (SELECT json_extract(value, '$.id') AS c0, ${field('title', 1)}, ${field('done', 2)}, ${field('priority', 3)} `
        + 'FROM jsonb_each(@p0)) INSERT INTO "todo_item" ("id", "title", "done", "priority", "created_at", "updated_at", "created_by", "updated_by", "_version") '
        + 'SELECT r.c0, r.v1, COALESCE(r.v2, 0), COALESCE(r.v3, \'medium\'), \'2026\', \'2026\', NULL, NULL, 1 FROM json_rows AS r '
        + 'WHERE typeof(r.c0) = \'text\' AND r.t1 = \'text\' AND length(r.v1) <= 200 AND (r.t2 IS NULL OR r.t2 IN (\'true\', \'false\', \'null\')) '
        + 'AND (r.v3 IS NULL OR r.v3 IN (\'low\', \'medium\', \'high\')) ON CONFLICT DO NOTHING',
      args: '',
    },
  },
  records: { insert: copies, columns: copyColumns },
  staging: stagingPlan('"_objectql_client_staging"', ['id', 'position', 'change', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version']),
};

// The staging table's statements, as the driver writes them (WriteStaging).
function stagingPlan(table, columns) {
  return {
    count: `SELECT COUNT(*) FROM ${table}`,
    ids: `SELECT "id" FROM ${table} ORDER BY "position"`,
    text: `SELECT "change" FROM ${table} WHERE "id" = ?1`,
    clear: `DELETE FROM ${table}`,
    insert: `INSERT INTO ${table} (${quoted(columns)}) VALUES (${columns.map((_, at) => `@p${at}`).join(', ')})`,
    columns,
  };
}

// 10,000 to-dos with ids in id order (as a snapshot sends them), the same in every run.
const clock = n => `2026-12-05T06:00:00.123Z-${n.toString(16).padStart(8, '0')}-server-node-0001`;
const uuid = n => {
  const h = createHash('md5').update(String(n)).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
};
const stamp = '2026-12-05T06:00:00.1234567+00:00';
const change = n => {
  const id = uuid(n);
  const c = clock(n);
  return {
    objectName: 'todo_item', recordId: id, operation: 'create', serverVersion: 1, timestamp: stamp, clock: c,
    data: { id, title: `To-do number ${n} of the seed`, done: n % 3 === 0, priority: 'medium', created_at: stamp, updated_at: stamp, created_by: 'seed', updated_by: 'seed', _version: 1 },
    fieldClocks: { title: c, done: c, priority: c },
  };
};
const all = Array.from({ length: 10_000 }, (_, n) => change(n)).sort((a, b) => (a.recordId < b.recordId ? -1 : 1));
const page = (changes, hasMore) => new TextEncoder().encode(JSON.stringify({
  results: [], serverChanges: changes, checkpoint: 'c1', hasMore, serverClock: clock(0), highestSequence: 0,
  limits: { maxMutationsPerRequest: 1000, maxRecordBytes: 1048576, maxRequestBytes: 10485760 },
}));
const pages = [page(all.slice(0, 5000), true), page(all.slice(5000), false)];

let number = 0;
function pull(connection) {
  const plans = [++number, ++number];
  let last;
  for (const [at, body] of pages.entries()) {
    const message = { plan: plans[0], definition: at === 0 ? plan : undefined, step: { kind: 'take' } };
    last = JSON.parse(runPullStep(connection, pullMarker + JSON.stringify(message), [body])[0][0]).page;
  }
  const step = { plan: plans[1], definition: plan, step: { kind: 'apply', page: last, snapshot: true } };
  return JSON.parse(runPullStep(connection, pullMarker + JSON.stringify(step), [null])[0][0]);
}

for (let run = 0; run < Number(runsText); run++) {
  performance.clearMeasures();
  const connection = writerConnection(sqlite3, new sqlite3.oo1.DB(':memory:'));
  for (const sql of schema) connection.exec(sql);
  const line = {};
  const cpu = (name, work) => {
    const since = process.cpuUsage();
    try {
      return work();
    } finally {
      const spent = process.cpuUsage(since);
      line[name] = Math.round((line[name] ?? 0) + (spent.user + spent.system) / 1000);
    }
  };
  const run = connection.run.bind(connection);
  connection.run = (sql, args) => {
    if (sql === copies) line.copyBytes = args[0].length;
    return cpu(sql === copies ? 'cpuCopies' : sql === plan.objects.todo_item.insert ? 'cpuCreate' : 'cpuOther', () => run(sql, args));
  };
  if (connection.insertRows) {
    const insertRows = connection.insertRows.bind(connection);
    connection.insertRows = (sql, text, ...rest) => {
      line.copyBytes = text.length;
      return cpu('cpuCopies', () => insertRows(sql, text, ...rest));
    };
  }
  connection.exec('BEGIN');
  const answer = cpu('cpuPull', () => pull(connection));
  connection.exec('COMMIT');
  if (!answer.ok) throw new Error(`the set was refused: ${answer.reason}`);
  for (const measure of performance.getEntriesByType('measure')) {
    const name = measure.name.replace('objectql-pull:', '');
    line[name] = Math.round(((line[name] ?? 0) + measure.duration) * 10) / 10;
  }
  const digest = sql => createHash('sha256').update(JSON.stringify(connection.query(sql, []))).digest('hex').slice(0, 16);
  line.copies = digest(`SELECT ${copyColumns.map(name => `"${name}", typeof("${name}")`).join(', ')}, created_at FROM _objectql_client_records ORDER BY id`);
  line.rows = digest('SELECT * FROM todo_item ORDER BY id');
  console.log(JSON.stringify(line));
  connection.close();
}
