// node profile-start.mjs <published wwwroot> [first|restart]: a sampling CPU profile of the page's main thread during the
// benchmark app's start (Chromium's profiler over CDP), on a profile folder on disk; with restart (the default), one
// first visit creates the database and the profiled visit is the returning user's. Prints the self time of the top
// functions between two of the page's marks (store-open to database-open, and navigation to runtime-created).
// A measurement, never a test: the sampler waits for a core too, so on a loaded machine only shares are findings.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../../tests/ObjectQL.Browser.Tests/Scripts/static-server.mjs';
import { launchOnDisk } from '../../../tests/ObjectQL.Browser.Tests/Scripts/chromium.mjs';

const [root, mode = 'restart'] = process.argv.slice(2);
const server = await serve(root, undefined, { precompressed: true });
const folder = await mkdtemp(join(tmpdir(), 'objectql-profile-'));

async function visit(profile) {
  const context = await launchOnDisk(folder);
  const page = await context.newPage();
  let cdp;
  if (profile) {
    cdp = await context.newCDPSession(page);
    await cdp.send('Profiler.enable');
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
    await cdp.send('Profiler.start');
  }
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.ready !== undefined, null, { timeout: 120_000 });
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, m.startTime])));
  const origin = await page.evaluate(() => performance.timeOrigin);
  const result = profile ? (await cdp.send('Profiler.stop')).profile : undefined;
  await context.close();
  return { marks, origin, result };
}

try {
  if (mode === 'restart') await visit(false);
  const { marks, origin, result } = await visit(true);
  console.log(JSON.stringify(Object.fromEntries(Object.entries(marks).map(([k, v]) => [k, Math.round(v)]))));
  const nodes = new Map(result.nodes.map(n => [n.id, n]));
  // Sample times are microseconds of a monotonic clock; the profile's startTime is taken at Profiler.start, before
  // page.goto, so the page's own clock is placed by the first sample after navigation well enough for shares.
  const times = [];
  let t = result.startTime;
  for (const delta of result.timeDeltas) { t += delta; times.push(t); }
  function window(fromMark, toMark, top = 25) {
    const from = result.startTime + (marks[fromMark] ?? 0) * 1000 + navigationOffset;
    const to = result.startTime + marks[toMark] * 1000 + navigationOffset;
    const self = new Map();
    let total = 0;
    result.samples.forEach((id, i) => {
      if (times[i] < from || times[i] > to) return;
      const frame = nodes.get(id).callFrame;
      const name = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').pop()}`;
      self.set(name, (self.get(name) ?? 0) + 1);
      total++;
    });
    console.log(`\n${fromMark ?? 'navigation'} -> ${toMark}: ${total} samples`);
    for (const [name, count] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
      console.log(`${(100 * count / total).toFixed(1).padStart(5)}%  ${name}`);
    }
  }
  // The gap between Profiler.start and the navigation's start is not known exactly; the goto follows within milliseconds.
  const navigationOffset = 0;
  window(undefined, 'runtime-created');
  window('store-open', 'database-open', 40);
} finally {
  await rm(folder, { recursive: true, force: true });
  await server.close();
}
