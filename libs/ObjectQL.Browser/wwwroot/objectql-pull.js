// A sync pull's pages read, checked, staged and applied next to SQLite (IPulledPagesDriver, docs/sync-client.md "How a
// pull is applied"). In the browser .NET runs interpreted and this module runs compiled: the per-change work of a pull
// (reading each change, the wire checks, the synced copies' JSON, the rows' JSON) costs here a fraction of what it costs
// there. Every step answers {ok:true, ...} or {ok:false, reason}: a refused page is left, unchanged, to the client's
// own path, which stays the reference for anything this module does not take (the first sync into empty tables).
import { decodeArguments } from './objectql-sqlite-engine.js';

// A step's SQL text starts with this marker; the JSON of the step follows it (the engine's runStep hands it here).
export const pullMarker = 'objectql:pull ';

// The wire's limits (docs/sync-protocol.md, SyncProtocol): the same numbers as the .NET checks.
const maxInteger = Number.MAX_SAFE_INTEGER;
const maxCheckpointLength = 2048;
const maxRecordIdBytes = 255;
const maxNodeLength = 128;
const maxKeyLength = 128;
// The client applies a set of changes in batches of this many (ChangeApplier.BatchSize); a record written in one batch
// and again in a later one is updated there, which this module does not do.
const batchSize = 500;
// Changes remembered across pages at most (ClientStore.MaxRememberedChanges); beyond it a staged page is read again.
const maxRemembered = 50_000;
const responseMembers = new Set(['results', 'serverChanges', 'checkpoint', 'hasMore', 'serverClock', 'highestSequence', 'limits', 'resyncRequired', 'resyncReason']);
const changeMembers = new Set(['objectName', 'recordId', 'operation', 'serverVersion', 'timestamp', 'clock', 'data', 'fieldClocks']);
const limitMembers = ['maxMutationsPerRequest', 'maxRecordBytes', 'maxRequestBytes'];
const operations = new Set(['create', 'update', 'delete', 'remove']);
const memberName = /^[A-Za-z_][A-Za-z0-9_]*$/;
const control = /[\u0000-\u001f\u007f-\u009f]/;
const wallText = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.\d{3}Z$/;
const timestampText = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,7})?(?:Z|[+-](\d{2}):(\d{2}))$/;

class Refusal extends Error {}

// Each step and the apply's statements leave a measure on the Worker's performance timeline ('objectql-pull:<what>'),
// a few per pull, so a profile (or first-pull-in-chromium.mjs's `split`) tells where a pull's time goes without a build
// of its own; nothing is logged.
function measured(what, since) {
  performance.measure('objectql-pull:' + what, { start: since, end: performance.now() });
}

// One state for the module: page numbers and staging ids never repeat, and plans are kept by the number the driver
// gave them (the driver sends a plan with the first step that names it).
const state = { next: 0, pages: new Map(), staged: new Map(), remembered: 0, plans: new Map() };
// Plans kept at most: a pull uses two (its pages' and its apply's); a few pulls of other databases may run between.
const maxPlans = 8;

// The step of a marked statement: {plan, definition?, step} and the page's bytes (a Uint8Array) as its one argument.
// Answers one row, one value.
export function runPullStep(connection, sql, args) {
  const { plan: number, definition, step } = JSON.parse(sql.slice(pullMarker.length));
  let answer;
  try {
    const plan = planOf(state, number, definition);
    answer = step.kind === 'take' ? take(connection, state, plan, args[0])
      : step.kind === 'apply' ? apply(connection, state, plan, step)
      : refuse(`unknown step '${step.kind}'`);
  } catch (error) {
    if (!(error instanceof Refusal)) throw error;
    answer = refuse(error.message);
  }
  return [[JSON.stringify(answer)]];
}

function refuse(reason) {
  return { ok: false, reason };
}

function planOf(state, number, definition) {
  if (definition) {
    state.plans.set(number, definition);
    for (const kept of state.plans.keys()) {
      if (state.plans.size <= maxPlans) break;
      state.plans.delete(kept);
    }
  }
  const plan = state.plans.get(number);
  if (!plan) throw new Refusal(`plan ${number} is not held`);
  return plan;
}

// Parses and checks a page, then stages it when more pages follow, in the caller's transaction; the last page is kept
// under a number for the step that applies it. The whole page is checked before anything is staged, so a refused page
// leaves nothing behind. The answer is what the client needs of the response without its changes.
function take(connection, state, plan, bytes) {
  const started = performance.now();
  const body = pageText(bytes);
  const page = parsePage(plan, body);
  measured('read', started);
  const number = ++state.next;
  if (page.hasMore) {
    const staging = performance.now();
    stage(connection, state, plan, body, page.serverChanges);
    measured('stage', staging);
  } else {
    state.pages.set(number, { body, changes: page.serverChanges });
    // A page the client took its own way is never asked for again: only the last few are kept.
    for (const kept of state.pages.keys()) {
      if (kept <= number - 4) state.pages.delete(kept);
    }
  }
  return {
    ok: true,
    page: number,
    checkpoint: page.checkpoint,
    hasMore: page.hasMore,
    serverClock: page.serverClock,
    highestSequence: page.highestSequence,
    limits: page.limits,
    changes: page.serverChanges.length,
  };
}

// The page's text, decoded as the client's strict UTF-8 decoder does: a page that is not UTF-8 is refused (the client's
// reader then reports it), and a byte order mark stays in the text (JSON.parse then refuses it, as the client's reader
// does).
const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
function pageText(bytes) {
  if (!(bytes instanceof Uint8Array)) throw new Refusal('the page is not bytes');
  try {
    return utf8.decode(bytes);
  } catch {
    throw new Refusal('the page is not UTF-8');
  }
}

// The page staged as one row holding its text, as the client stages it (ClientStore.StageAsync).
function stage(connection, state, plan, body, changes) {
  if (changes.length === 0) return;
  const position = Number(connection.query(plan.staging.count, [])[0][0]) + 1;
  const id = String(position).padStart(12, '0') + '-' + crypto.randomUUID().replaceAll('-', '');
  const values = { id, position, change: body };
  const changed = connection.run(plan.staging.insert, plan.staging.columns.map(column => values[column] ?? null));
  if (changed !== 1) throw new Error(`The staged page's insert changed ${changed} rows.`);
  if (state.remembered + changes.length <= maxRemembered) {
    state.staged.set(id, changes);
    state.remembered += changes.length;
  }
}

// The staged pages and this last one applied as one set, as the client's ChangeApplier applies them to tables that hold
// nothing of these records: the synced copies by one prepared insert, each object's rows in one set-based create, the
// staging rows cleared. All of it or nothing (a savepoint): a row the create leaves out (a field rule) refuses the set.
function apply(connection, state, plan, step) {
  const started = performance.now();
  const last = held(state, step.page);
  const changes = [];
  const ids = connection.query(plan.staging.ids, []);
  for (const [id] of ids) {
    const remembered = state.staged.get(id);
    if (remembered) {
      changes.push(...remembered);
      continue;
    }
    const text = connection.query(plan.staging.text, [id])[0][0];
    changes.push(...parsePage(plan, text).serverChanges);
  }
  changes.push(...last.changes);
  const set = finalStates(changes, step.snapshot === true);
  measured('apply-read', started);
  connection.exec('SAVEPOINT objectql_pull');
  try {
    write(connection, plan, set);
    const clearing = performance.now();
    if (ids.length > 0) connection.run(plan.staging.clear, []);
    connection.exec('RELEASE objectql_pull');
    measured('apply-clear', clearing);
  } catch (error) {
    connection.exec('ROLLBACK TO objectql_pull; RELEASE objectql_pull');
    throw error;
  }
  state.staged.clear();
  state.remembered = 0;
  measured('apply', started);
  return { ok: true, latestClock: set.latestClock, created: set.created, changes: changes.length };
}

function held(state, number) {
  const page = state.pages.get(number);
  if (!page) throw new Refusal(`page ${number} is not held`);
  state.pages.delete(number);
  return page;
}

// Each record's last state, replaying the changes in order as the client does: in a snapshot every change replaces the
// record; otherwise one at or below the version held is skipped. A record whose row one batch creates and a later batch
// would update is refused (the client updates it there: a second version, a later update time).
function finalStates(changes, snapshot) {
  const records = new Map();
  let latestClock = null;
  for (let at = 0; at < changes.length; at++) {
    const change = changes[at];
    if (latestClock === null || change.clock > latestClock) latestClock = change.clock;
    const key = change.objectName + ':' + change.recordId;
    const held = records.get(key);
    if (!snapshot && held && held.version !== null && change.serverVersion <= held.version) continue;
    const batch = Math.floor(at / batchSize);
    const next = held && held.batch === batch ? held : { batch, shownBefore: held?.change !== undefined && held.shown };
    next.change = change;
    next.shown = change.operation === 'create' || change.operation === 'update';
    next.version = change.operation === 'remove' ? null : change.serverVersion;
    records.set(key, next);
  }
  const created = {};
  for (const record of records.values()) {
    if (record.shownBefore && record.shown) throw new Refusal('a record is written in two batches');
    if (record.shown) created[record.change.objectName] = (created[record.change.objectName] ?? 0) + 1;
  }
  return { records, latestClock, created };
}

// The synced copies, one prepared insert stepped per copy, and each object's rows as one JSON text and one set-based
// statement. The set was checked to hold nothing of these records (no copy, no row: StorePull counts them before the
// apply), so the copies are a plain insert, not an upsert. A copy's values are bound from one buffer of bytes built
// here (CopyRows): its image and field clocks escaped once, as the client's serializer escapes them, and the create
// reads its row's data from the same image bytes. Sent to SQLite as one JSON array instead, the copies cost SQLite a
// parse of the whole set and each image written back out as text, more than the rows' inserts themselves.
// The texts are written as bytes (JsonText): strings built per value and joined were most of the apply's JavaScript,
// the larger part of it the garbage collector's.
function write(connection, plan, set) {
  if (plan.records.columns.join() !== copyColumns.join()) throw new Refusal('the synced copies\' columns are not the ones this module writes');
  let since = performance.now();
  const copies = new CopyRows(set.records.size);
  const rows = new Map();
  for (const [key, record] of set.records) {
    const change = record.change;
    if (change.operation === 'remove') continue;
    const shown = record.shown;
    copies.text(key);
    copies.text(change.objectName);
    copies.text(change.recordId);
    copies.number(change.serverVersion);
    copies.text(change.clock);
    if (shown && change.fieldClocks != null) copies.object(change.fieldClocks);
    else copies.null();
    if (shown) copies.object(change.data);
    else copies.null();
    copies.number(shown ? 0 : 1);
    if (shown) {
      let objectRows = rows.get(change.objectName);
      if (!objectRows) rows.set(change.objectName, objectRows = { text: new JsonText(), count: 0 });
      objectRows.text.ascii(objectRows.count++ === 0 ? '[{"id":' : ',{"id":');
      objectRows.text.string(change.recordId);
      objectRows.text.ascii(',"data":');
      copies.copyLastObject(objectRows.text);
      objectRows.text.ascii('}');
    }
  }
  measured('apply-json', since);
  if (copies.rows > 0) {
    since = performance.now();
    written(copies.insert(connection, plan.records.insert), copies.rows, 'the synced copies');
    measured('apply-copies', since);
  }
  for (const [name, objectRows] of rows) {
    since = performance.now();
    const object = plan.objects[name];
    objectRows.text.ascii(']');
    written(connection.run(object.insert, [objectRows.text.text(), ...decodeArguments(object.args)]), objectRows.count, `the rows of '${name}'`);
    measured('apply-create:' + name, since);
  }
}

// The synced copy's columns, in the order the plan's insert binds them.
const copyColumns = ['id', 'object_name', 'record_id', 'version', 'clock', 'field_clocks', 'image', 'deleted'];

// The synced copies' values: their texts as UTF-8 bytes in one buffer, and two numbers per value (as the engine's
// insertRows reads them: a text's offset and length, -1 for null, -2 and a whole number).
class CopyRows {
  constructor(capacity) {
    this.texts = new JsonText();
    this.cells = new Float64Array(Math.max(capacity, 1) * copyColumns.length * 2);
    this.values = 0;
    this.lastObject = 0;
  }

  get rows() {
    return this.values / copyColumns.length;
  }

  cell(first, second) {
    this.cells[this.values * 2] = first;
    this.cells[this.values * 2 + 1] = second;
    this.values++;
  }

  text(text) {
    const from = this.texts.length;
    this.texts.utf8(text);
    this.cell(from, this.texts.length - from);
  }

  object(object) {
    this.lastObject = this.texts.length;
    this.texts.object(object);
    this.cell(this.lastObject, this.texts.length - this.lastObject);
  }

  // The object just written, copied into another text.
  copyLastObject(other) {
    other.copy(this.texts, this.lastObject, this.texts.length);
  }

  number(value) {
    this.cell(-2, value);
  }

  null() {
    this.cell(-1, 0);
  }

  // The copies inserted by the plan's statement, one row each: bound where they lie by sqlite-wasm (the engine's
  // insertRows), or row by row on another SQLite. The rows changed.
  insert(connection, sql) {
    const per = copyColumns.length;
    if (connection.insertRows) return connection.insertRows(sql, this.texts.bytes.subarray(0, this.texts.length), this.cells, per, this.rows);
    const decoder = new TextDecoder();
    let changed = 0;
    for (let row = 0, at = 0; row < this.rows; row++) {
      const args = [];
      for (let index = 0; index < per; index++, at += 2) {
        const first = this.cells[at];
        args.push(first >= 0 ? decoder.decode(this.texts.bytes.subarray(first, first + this.cells[at + 1])) : first === -1 ? null : this.cells[at + 1]);
      }
      changed += connection.run(sql, args);
    }
    return changed;
  }
}

// A set-based write leaves out the rows it must not write (a conflict, a field rule); fewer changed rows than rows
// written means the set is not the client's.
function written(changed, expected, what) {
  if (changed !== expected) throw new Refusal(`${what}: ${changed} of ${expected} rows written`);
}

// --- the wire checks of a page (SyncWireValidator, SyncJson.ReadResponse) that the fast path needs, or stricter ---

// A number the synced copy's image keeps is written back as JavaScript spells it; the client keeps the server's own
// spelling. A page with a number spelled otherwise (a fraction, an exponent, -0) is left to the client: one pass over
// the text outside its strings, which also counts the members of its objects (a colon outside strings each): -1 when a
// number is spelled otherwise.
function textMembers(text) {
  const length = text.length;
  let members = 0;
  for (let at = 0; at < length; at++) {
    const unit = text.charCodeAt(at);
    if (unit === 34) {
      // A string: to its closing quote, one not escaped (after an even run of backslashes), found by indexOf.
      for (;;) {
        at = text.indexOf('"', at + 1);
        if (at < 0) return members;
        let before = at - 1;
        while (text.charCodeAt(before) === 92) before--;
        if ((at - 1 - before) % 2 === 0) break;
      }
    } else if (unit === 45 || (unit >= 48 && unit <= 57)) {
      let end = at + 1;
      while (end < length && numberPart[text.charCodeAt(end)] === 1) end++;
      if (!isWholeNumber(text, at, end)) return -1;
      at = end - 1;
    } else if (unit === 58) {
      members++;
    }
  }
  return members;
}

// The characters a JSON number is spelled with: digits . e E + -.
const numberPart = new Uint8Array(128);
for (const character of '0123456789.eE+-') numberPart[character.charCodeAt(0)] = 1;

// text[from..end) is -?(0|[1-9][0-9]*) and not -0.
function isWholeNumber(text, from, end) {
  const digits = text.charCodeAt(from) === 45 ? from + 1 : from;
  if (digits === end) return false;
  for (let at = digits; at < end; at++) {
    const unit = text.charCodeAt(at);
    if (unit < 48 || unit > 57) return false;
  }
  return text.charCodeAt(digits) !== 48 || (end === digits + 1 && digits === from);
}

function parsePage(plan, text) {
  const members = textMembers(text);
  if (members < 0) throw new Refusal('a number is not spelled as a whole number');
  let page;
  try {
    page = JSON.parse(text);
  } catch {
    throw new Refusal('the page is not JSON');
  }
  if (!isObject(page)) throw new Refusal('the page is not an object');
  for (const member of Object.keys(page)) {
    if (!responseMembers.has(member)) throw new Refusal(`the page has the member '${member}'`);
  }
  if (!Array.isArray(page.results) || page.results.length !== 0) throw new Refusal('the page answers mutations');
  if (!Array.isArray(page.serverChanges)) throw new Refusal('serverChanges is not an array');
  if (typeof page.checkpoint !== 'string' || page.checkpoint.length < 1 || page.checkpoint.length > maxCheckpointLength) throw new Refusal('checkpoint');
  if (typeof page.hasMore !== 'boolean') throw new Refusal('hasMore');
  if (!isClock(page.serverClock)) throw new Refusal('serverClock');
  if (!isInteger(page.highestSequence, 0)) throw new Refusal('highestSequence');
  if (page.resyncRequired !== undefined && page.resyncRequired !== false) throw new Refusal('a resync starts');
  if (page.resyncReason !== undefined && page.resyncReason !== null) throw new Refusal('resyncReason');
  const limits = page.limits;
  if (!isObject(limits) || Object.keys(limits).length !== limitMembers.length) throw new Refusal('limits');
  for (const member of limitMembers) {
    if (!isInteger(limits[member], 1) || limits[member] > 0x7fffffff) throw new Refusal('limits');
  }
  // JavaScript's parser keeps the last of a repeated member, the client's reader refuses the page: the members parsed
  // (the page's, the limits', and each change's with its data and field clocks: a page the checks take has no other
  // object) must be every member the text spells.
  let parsed = Object.keys(page).length + limitMembers.length;
  for (const change of page.serverChanges) {
    parsed += checkChange(plan, change);
  }
  if (parsed !== members) throw new Refusal('a member is repeated');
  return page;
}

// The change's members, counted with those of its data and field clocks.
function checkChange(plan, change) {
  if (!isObject(change)) throw new Refusal('a change is not an object');
  const names = Object.keys(change);
  for (const member of names) {
    if (!changeMembers.has(member)) throw new Refusal(`a change has the member '${member}'`);
  }
  let members = names.length;
  const object = typeof change.objectName === 'string' && Object.hasOwn(plan.objects, change.objectName) ? plan.objects[change.objectName] : null;
  if (!object) throw new Refusal('a change of an object this pull does not write');
  const id = change.recordId;
  if (typeof id !== 'string' || id.length < 1 || !id.isWellFormed() || control.test(id) || utf8Length(id) > maxRecordIdBytes
      || change.objectName.length + 1 + id.length > maxKeyLength) {
    throw new Refusal('recordId');
  }
  if (!operations.has(change.operation)) throw new Refusal('operation');
  if (!isInteger(change.serverVersion, 1)) throw new Refusal('serverVersion');
  if (!isTimestamp(change.timestamp)) throw new Refusal('timestamp');
  if (!isClock(change.clock)) throw new Refusal('clock');
  const carries = change.operation === 'create' || change.operation === 'update';
  if (carries) {
    members += checkData(plan, object, change.data, id);
  } else if (change.data !== undefined && change.data !== null) {
    throw new Refusal('a delete carries data');
  }
  const clocks = change.fieldClocks;
  if (clocks !== undefined && clocks !== null) {
    if (!isObject(clocks)) throw new Refusal('fieldClocks');
    for (const field in clocks) {
      const clock = clocks[field];
      if (!memberName.test(field) || !(clock === change.clock || isClock(clock))) throw new Refusal('fieldClocks');
      members++;
    }
  }
  return members;
}

// Every member a stored field of the object with a value of its JSON type, or a system field the server stamped (text,
// a whole number or null; the record's own id): what the object's set-based create reads and the synced copy's image
// keeps, so both come out as the client's own path writes them.
// The data's members, counted.
function checkData(plan, object, data, id) {
  if (!isObject(data)) throw new Refusal('data');
  let members = 0;
  for (const name in data) {
    const value = data[name];
    members++;
    if (name === 'id') {
      if (value !== id) throw new Refusal('data.id');
      continue;
    }
    if (plan.system.includes(name)) {
      if (value !== null && !(typeof value === 'string' && value.isWellFormed()) && !Number.isSafeInteger(value)) throw new Refusal(`the value of '${name}'`);
      continue;
    }
    const kind = Object.hasOwn(object.fields, name) ? object.fields[name] : null;
    if (kind === null) throw new Refusal(`the member '${name}'`);
    if (value === null) continue;
    if (kind === 'boolean' ? typeof value !== 'boolean' : typeof value !== 'string' || !value.isWellFormed()) {
      throw new Refusal(`the value of '${name}'`);
    }
  }
  return members;
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isInteger(value, minimum) {
  return Number.isInteger(value) && value >= minimum && value <= maxInteger;
}

function isDate(year, month, day, hour, minute, second) {
  return month >= 1 && month <= 12 && day >= 1 && day <= new Date(Date.UTC(year, month, 0)).getUTCDate() && hour <= 23 && minute <= 59 && second <= 59;
}

// The canonical clock (HlcTimestamp.TryParse): a UTC wall time with milliseconds, eight lower-case hex digits, a node
// of printable ASCII. Canonical clocks sort as text in clock order. A page's clocks mostly share their wall time with
// the clock before: the last wall time found valid is kept, and a clock that starts with it has only its counter and
// node to check.
let validWall = null;
const clockTail = /[0-9a-f]{8}-[!-~]+$/y;
function isClock(text) {
  if (typeof text !== 'string' || text.length <= 34 || text.length > 34 + maxNodeLength || text[24] !== '-' || text[33] !== '-') return false;
  if (validWall === null || !text.startsWith(validWall)) {
    const wall = wallText.exec(text.slice(0, 24));
    if (!wall) return false;
    const [year, month, day, hour, minute, second] = wall.slice(1, 7).map(Number);
    if (year < 1970 || !isDate(year, month, day, hour, minute, second)) return false;
    validWall = wall[0];
  }
  clockTail.lastIndex = 25;
  return clockTail.test(text);
}

// An ISO 8601 time with seconds and an offset; years within 1000-9998 only, so no offset takes it out of range. As with
// clocks, the date and time to the second last found valid is kept, and a time that starts with it has only its
// fraction and offset (at most 14:00) to check.
let validSecond = null;
const timestampTail = /(?:\.\d{1,7})?(?:Z|[+-](?:(?:0\d|1[0-3]):[0-5]\d|14:00))$/y;
function isTimestamp(text) {
  if (typeof text !== 'string' || text.length > 40) return false;
  if (validSecond !== null && text.startsWith(validSecond)) {
    timestampTail.lastIndex = validSecond.length;
    return timestampTail.test(text);
  }
  const parts = timestampText.exec(text);
  if (!parts) return false;
  const [year, month, day, hour, minute, second] = parts.slice(1, 7).map(Number);
  const offsetHours = parts[7] === undefined ? 0 : Number(parts[7]);
  const offsetMinutes = parts[8] === undefined ? 0 : Number(parts[8]);
  const valid = year >= 1000 && year <= 9998 && isDate(year, month, day, hour, minute, second) && offsetHours <= 14 && offsetMinutes <= 59
    && offsetHours * 60 + offsetMinutes <= 14 * 60;
  if (valid) validSecond = text.slice(0, 19);
  return valid;
}

function utf8Length(text) {
  let bytes = 0;
  for (let at = 0; at < text.length; at++) {
    const unit = text.charCodeAt(at);
    bytes += unit < 0x80 ? 1 : unit < 0x800 ? 2 : unit >= 0xd800 && unit <= 0xdbff ? (at++, 4) : 3;
  }
  return bytes;
}

// --- JSON text as the client's serializer writes it (System.Text.Json's default encoder) ---

// Printable ASCII that the default encoder writes as it is: all but " & ' + < > \ and `. Everything else is escaped,
// so the text is ASCII and each character one byte.
const asIs = new Uint8Array(128);
for (let unit = 32; unit < 127; unit++) asIs[unit] = '"&\'+<>\\`'.includes(String.fromCharCode(unit)) ? 0 : 1;
const shortEscapes = new Uint8Array(128);
for (const [unit, letter] of [[8, 'b'], [9, 't'], [10, 'n'], [12, 'f'], [13, 'r'], [92, '\\']]) shortEscapes[unit] = letter.charCodeAt(0);
const hexDigits = new TextEncoder().encode('0123456789ABCDEF');
const ascii = new TextDecoder();
const encoder = new TextEncoder();

// JSON text written as bytes into one growing buffer: no string per value, and one string at the end.
class JsonText {
  constructor() {
    this.bytes = new Uint8Array(1 << 16);
    this.length = 0;
  }

  room(count) {
    if (this.length + count <= this.bytes.length) return;
    const grown = new Uint8Array(Math.max(this.bytes.length * 2, this.length + count));
    grown.set(this.bytes.subarray(0, this.length));
    this.bytes = grown;
  }

  // Text that is ASCII and needs no escaping: punctuation and whole numbers.
  ascii(text) {
    this.room(text.length);
    for (let at = 0; at < text.length; at++) this.bytes[this.length++] = text.charCodeAt(at);
  }

  // Text as it is, in UTF-8: a synced copy's plain columns.
  utf8(text) {
    this.room(text.length * 3);
    const bytes = this.bytes;
    let length = this.length;
    for (let at = 0; at < text.length; at++) {
      const unit = text.charCodeAt(at);
      if (unit >= 128) {
        this.length += encoder.encodeInto(text, bytes.subarray(this.length)).written;
        return;
      }
      bytes[length++] = unit;
    }
    this.length = length;
  }

  // A string as the default encoder writes it: \uXXXX for every UTF-16 unit it escapes.
  string(text) {
    this.room(text.length * 6 + 2);
    const bytes = this.bytes;
    let length = this.length;
    bytes[length++] = 34;
    for (let at = 0; at < text.length; at++) {
      const unit = text.charCodeAt(at);
      if (unit < 128 && asIs[unit] === 1) {
        bytes[length++] = unit;
      } else if (unit < 128 && shortEscapes[unit] !== 0) {
        bytes[length++] = 92;
        bytes[length++] = shortEscapes[unit];
      } else {
        bytes[length++] = 92;
        bytes[length++] = 117;
        bytes[length++] = hexDigits[unit >> 12];
        bytes[length++] = hexDigits[(unit >> 8) & 15];
        bytes[length++] = hexDigits[(unit >> 4) & 15];
        bytes[length++] = hexDigits[unit & 15];
      }
    }
    bytes[length++] = 34;
    this.length = length;
  }

  // An object of strings, booleans, whole numbers and nulls (checked above), members in the order they arrived.
  object(object) {
    this.ascii('{');
    let first = true;
    for (const name of Object.keys(object)) {
      if (!first) this.ascii(',');
      first = false;
      this.string(name);
      this.ascii(':');
      const value = object[name];
      if (typeof value === 'string') this.string(value);
      else this.ascii(String(value));
    }
    this.ascii('}');
  }

  // The bytes from..to of another text.
  copy(other, from, to) {
    this.room(to - from);
    this.bytes.set(other.bytes.subarray(from, to), this.length);
    this.length += to - from;
  }

  text() {
    return ascii.decode(this.bytes.subarray(0, this.length));
  }
}
