// node measure.mjs <published wwwroot> [disk]: the browser store's figures for docs/performance.md, as one JSON line, measured
// in headless Chromium (tests/ObjectQL.Browser.Tests/Scripts: the same launcher and server the browser tests use; the
// server sends the published brotli files, as a production server would):
//   coldStartMs   page.goto in a fresh browser context (nothing cached) until the app has opened its OPFS database and
//                 answered one query; the median and the best of five, the page's own marks of the best run, and
//                 each mark's median over the five
//   bulkWriteMs   the best of three CreateManyAsync of 1000 notes into a fresh OPFS database (the whole pipeline)
//   storeWriteMs  the best of three writes of the same 1000 rows by the store alone: the SQL driver's bulk insert of
//                 rows that carry their ids and system fields, in one transaction (what a sync apply or an import runs)
//   storeWritePhases  the best store write split: the SQL driver's binding, the executor's request text, the interop
//                 calls (messages, the Worker's work, the commit), parsing the answers; milliseconds, and the calls
//   brotliBytes   the published _framework files as a server sends them (brotli)
//   runs          in each summary: every run, its ms and marks (to compare a phase over many runs of two builds)
//   restartMs     with disk only: a returning user's start, the browser restarted on the profile of the last first
//                 visit (its HTTP cache warm, the database existing); page.goto until interactive,
//                 the median and the best of five restarts, their marks as for coldStartMs
// Each run opens a fresh private context of one browser, whose OPFS lives in the browser's memory (every access-handle
// call a message to the browser process); with disk, each run is a fresh browser on a new profile folder, whose OPFS is
// files, as in a user's browser (nothing cached either way: coldStartMs is a first visit, the database created).
// A measurement, never a test: run it on a quiet machine, and say how loaded it was (uptime) with the figures.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '../../tests/ObjectQL.Browser.Tests/Scripts/static-server.mjs';
import { launch, launchOnDisk } from '../../tests/ObjectQL.Browser.Tests/Scripts/chromium.mjs';

const [root, profile] = process.argv.slice(2);
const server = await serve(root, undefined, { precompressed: true });

// A fresh context: private in the one launched browser, or a new browser on a new profile folder on disk. The last
// run's folder is kept for the restarts.
async function freshContext(browser, keep) {
  if (profile !== 'disk') return { context: await browser.newContext(), close: async context => context.close() };
  const folder = await mkdtemp(join(tmpdir(), 'objectql-measure-'));
  const context = await launchOnDisk(folder);
  return { context, folder, close: async () => { await context.close(); if (!keep) await rm(folder, { recursive: true, force: true }); } };
}

// From page.goto until the app answered its query, with the page's marks.
async function start(context) {
  const page = await context.newPage();
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  const started = performance.now();
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.ready !== undefined, null, { timeout: 120_000 });
  const ms = Math.round(performance.now() - started);
  const marks = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)])));
  return { page, ms, marks };
}

// The median and the best of the runs, the best run's marks, and each mark's median over the runs (one run's marks move
// with the load, a phase's median much less).
function summary(runs) {
  runs.sort((a, b) => a.ms - b.ms);
  const median = values => values.sort((a, b) => a - b)[Math.floor(values.length / 2)];
  const markNames = [...new Set(runs.flatMap(run => Object.keys(run.marks)))];
  const medianMarks = Object.fromEntries(markNames.map(name => [name, median(runs.map(run => run.marks[name] ?? Infinity))]));
  // Every run's marks as well, so phases can be compared over many runs of two builds.
  return { median: runs[Math.floor(runs.length / 2)].ms, best: runs[0].ms, marksOfBest: runs[0].marks, medianMarks, runs };
}

let browser;
try {
  browser = profile === 'disk' ? undefined : await launch();
  const starts = [];
  let bulkWriteMs;
  let storeWriteMs;
  let storeWritePhases;
  let kept;
  for (let run = 0; run < 5; run++) {
    const { context, folder, close } = await freshContext(browser, run === 4);
    const { page, ms, marks } = await start(context);
    starts.push({ ms, marks });
    if (run === 4) kept = folder;
    // The floor app (ObjectQL.Browser.Floor) only starts: it has no store to write to.
    if (run === 4 && await page.evaluate(() => globalThis.bench !== undefined)) {
      bulkWriteMs = Math.round(await page.evaluate(() => globalThis.bench.BulkWriteMillisecondsAsync(1000, 3)));
      storeWriteMs = Math.round(await page.evaluate(() => globalThis.bench.StoreWriteMillisecondsAsync(1000, 3)));
      storeWritePhases = JSON.parse(await page.evaluate(() => globalThis.bench.StoreWritePhases?.() ?? "null"));
    }
    await close(context);
  }
  const restarts = [];
  if (kept) {
    try {
      for (let run = 0; run < 5; run++) {
        const context = await launchOnDisk(kept);
        restarts.push(await start(context).then(({ ms, marks }) => ({ ms, marks })));
        await context.close();
      }
    } finally {
      await rm(kept, { recursive: true, force: true });
    }
  }
  const framework = join(root, '_framework');
  let brotliBytes = 0;
  for (const file of await readdir(framework)) {
    if (file.endsWith('.br')) brotliBytes += (await stat(join(framework, file))).size;
  }
  console.log(JSON.stringify({
    profile: profile === 'disk' ? 'disk' : 'private',
    coldStartMs: summary(starts),
    restartMs: restarts.length > 0 ? summary(restarts) : undefined,
    bulkWriteMs,
    storeWriteMs,
    storeWritePhases,
    brotliBytes,
  }));
} finally {
  await browser?.close();
  await server.close();
}
