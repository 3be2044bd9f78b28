// node first-pull-in-chromium.mjs <app URL> <to-dos on the server> [disk] [split]: a new device's first sync in headless
// Chromium. A fresh browser profile opens the PWA, whose client pulls every to-do into its OPFS store; prints one JSON
// line with the app's own timing of that first sync (from starting the client to the pull applied) and the to-dos it
// then holds. The profile is a private context unless `disk` is given: then a new folder on disk, as a user's browser
// has (a private context keeps OPFS in the browser's memory, where every access-handle call is a message between
// processes). docs/performance.md ("Browser") runs it against a server started with --SeedTodos 10000. With `split`
// it adds where the time went: each sync request as the page's resource timing saw it, and each step of the pull in the
// store's Worker (the objectql-pull measures of objectql-pull.js), in milliseconds from the first request's start.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Beside this script in the test output; in the source tree it lives in the browser tests' Scripts folder.
const shared = new URL('./chromium.mjs', import.meta.url);
const { launch, launchOnDisk } = await import(existsSync(shared) ? shared : new URL('../../ObjectQL.Browser.Tests/Scripts/chromium.mjs', import.meta.url));

const [url, expected, ...options] = process.argv.slice(2);
const folder = options.includes('disk') ? await mkdtemp(join(tmpdir(), 'objectql-first-pull-')) : undefined;
const browser = folder ? await launchOnDisk(folder) : await launch();
try {
  const page = folder ? browser.pages()[0] ?? await browser.newPage() : await (await browser.newContext()).newPage();
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(
    count => document.querySelector('[data-testid=todo-count]')?.innerText === count && document.querySelector('[data-testid=first-sync]'),
    expected, { timeout: 600_000 });
  const firstSyncMs = Number(await page.getAttribute('[data-testid=first-sync]', 'data-ms'));
  console.log(JSON.stringify({ firstSyncMs, todos: Number(await page.innerText('[data-testid=todo-count]')) }));
  if (options.includes('split')) {
    console.log(JSON.stringify(await split(page)));
  }
} finally {
  await browser.close();
  if (folder) {
    await rm(folder, { recursive: true, force: true });
  }
}

// The sync requests (start, first byte, end) and the Worker's pull measures (start, duration), on one clock.
async function split(page) {
  const absolute = entries => entries.map(e => ({ ...e, start: e.origin + e.start, origin: undefined }));
  const requests = absolute(await page.evaluate(() => performance.getEntriesByType('resource')
    .filter(e => new URL(e.name).pathname.endsWith('/sync'))
    .map(e => ({ origin: performance.timeOrigin, start: e.startTime, firstByte: e.responseStart - e.startTime, duration: e.duration, bytes: e.encodedBodySize }))));
  let steps = [];
  for (const worker of page.workers()) {
    steps.push(...absolute(await worker.evaluate(() => performance.getEntriesByType('measure')
      .filter(e => e.name.startsWith('objectql-pull:'))
      .map(e => ({ origin: performance.timeOrigin, name: e.name.slice('objectql-pull:'.length), start: e.startTime, duration: e.duration })))));
  }
  const zero = Math.min(...requests.map(r => r.start));
  const round = value => Math.round(value * 10) / 10;
  return {
    requests: requests.map(r => ({ at: round(r.start - zero), firstByte: round(r.firstByte), ms: round(r.duration), bytes: r.bytes })),
    steps: steps.sort((a, b) => a.start - b.start).map(s => ({ step: s.name, at: round(s.start - zero), ms: round(s.duration) })),
  };
}
