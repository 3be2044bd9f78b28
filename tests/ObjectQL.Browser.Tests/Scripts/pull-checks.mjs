// node pull-checks.mjs <objectql-pull.js>: the Worker's checks of a pulled page (objectql-pull.js, the take step of a
// last page, which stages nothing) on a page the fast path takes and on pages it must leave to the client, each with one
// thing wrong. Prints one JSON line: for each case, "ok" or the reason the page was refused.
import { pathToFileURL } from 'node:url';

const { runPullStep, pullMarker } = await import(pathToFileURL(process.argv[2]).href);

const plan = { system: ['id', 'created_at', 'updated_at', 'created_by', 'updated_by', '_version'], objects: { pull_label: { fields: { name: 'text', memo: 'text', done: 'boolean', tone: 'text' } } } };
const clock = '2026-12-05T06:00:00.123Z-0000001a-server';
const change = (overrides = {}) => ({
  objectName: 'pull_label', recordId: 'r1', operation: 'create', serverVersion: 1, timestamp: '2026-12-05T06:00:00.123Z', clock,
  data: { _version: 1, created_at: '2026-12-05T06:00:00.1+00:00', created_by: null, id: 'r1', name: 'a', memo: null, done: true, tone: 'low' }, fieldClocks: { name: clock }, ...overrides,
});
// Another record's create, valid but for the overrides.
const second = overrides => change({ recordId: 'r2', data: { name: 'b' }, fieldClocks: null, ...overrides });
const page = (changes, overrides = {}) => JSON.stringify({
  results: [], serverChanges: changes, checkpoint: 'c1', hasMore: false, serverClock: clock, highestSequence: 0,
  limits: { maxMutationsPerRequest: 1000, maxRecordBytes: 1048576, maxRequestBytes: 10485760 }, resyncRequired: false, ...overrides,
});
// The plan rides with the first step that names its number; later steps name the number only. A page goes to the step
// as the bytes that arrived, as the driver sends it.
const utf8 = text => new TextEncoder().encode(text);
const step = (message, body) => {
  const [[answer]] = runPullStep(null, pullMarker + JSON.stringify(message), [typeof body === 'string' ? utf8(body) : body]);
  const parsed = JSON.parse(answer);
  return parsed.ok ? 'ok' : parsed.reason;
};
step({ plan: 1, definition: plan, step: { kind: 'take' } }, page([change()]));
const read = body => step({ plan: 1, step: { kind: 'take' } }, body);
const asText = body => JSON.parse(runPullStep(null, pullMarker + JSON.stringify({ plan: 1, step: { kind: 'take' } }), [body])[0][0]).reason;

console.log(JSON.stringify({
  valid: read(page([change(), change({ recordId: 'r2', operation: 'delete', data: undefined, fieldClocks: undefined })])),
  unknownField: read(page([change({ data: { name: 'a', colour: 'red' } })])),
  wrongType: read(page([change({ data: { name: 'a', done: 'yes' } })])),
  badClock: read(page([change({ clock: '2026-12-05T06:00:00Z-0000001a-server' })])),
  badFieldClock: read(page([change({ fieldClocks: { name: '2026-13-05T06:00:00.123Z-0000001a-server' } })])),
  unknownObject: read(page([change({ objectName: 'pull_other' })])),
  systemNumber: read(page([change({ data: { name: 'a', _version: 1.5 } })])),
  fraction: read(page([change()]).replace('"_version":1', '"_version":1.0')),
  otherId: read(page([change({ data: { id: 'r9', name: 'a' } })])),
  badTimestamp: read(page([change({ timestamp: '2026-02-30T06:00:00Z' })])),
  // The second change's clock or time starts as the first's, which was found valid: the rest is still checked.
  badCounterAfterValid: read(page([change(), second({ clock: clock.replace('1a-', '1A-') })])),
  badNodeAfterValid: read(page([change(), second({ clock: clock + ' x' })])),
  badOffsetAfterValid: read(page([change(), second({ timestamp: '2026-12-05T06:00:00.5+14:30' })])),
  longFractionAfterValid: read(page([change(), second({ timestamp: '2026-12-05T06:00:00.12345678Z' })])),
  offsetAtLimit: read(page([change(), second({ timestamp: '2026-12-05T06:00:00-14:00' })])),
  negativeZero: read(page([change()]).replace('"_version":1', '"_version":-0')),
  // Backslashes and quotes inside strings (the member count must skip them, or the page reads as repeating a member).
  escapes: read(page([change({ data: { name: 'end\\', memo: 'q\\":{"a":1}' } })])),
  loneSurrogate: read(page([change({ data: { name: 'a\ud800b' } })])),
  deleteWithData: read(page([change({ operation: 'delete' })])),
  results: read(page([change()], { results: [{ mutationId: 'x' }] })),
  resync: read(page([change()], { resyncRequired: true, resyncReason: 'checkpoint_expired' })),
  notJson: read('{"serverChanges": ['),
  // A stray byte in a string (0xFF is never UTF-8), and a page behind a byte order mark (the client's reader refuses
  // both: its strict decoder keeps the mark, which is no JSON).
  notUtf8: read(Uint8Array.from([...utf8(page([change()]).replace('"name":"a"', '"name":"a_"'))].map(b => b === 95 ? 0xff : b))),
  byteOrderMark: read(Uint8Array.from([0xef, 0xbb, 0xbf, ...utf8(page([change()]))])),
  notBytes: asText(page([change()])),
  repeatedInChange: read(page([change()]).replace('"recordId":"r1"', '"recordId":"r1","recordId":"r1"')),
  repeatedInData: read(page([change()]).replace('"name":"a"', '"name":"b","name":"a"')),
  repeatedInFieldClocks: read(page([change()]).replace('"fieldClocks":{', `"fieldClocks":{"name":"${clock}",`)),
  planNotHeld: step({ plan: 2, step: { kind: 'take' } }, page([change()])),
}));
