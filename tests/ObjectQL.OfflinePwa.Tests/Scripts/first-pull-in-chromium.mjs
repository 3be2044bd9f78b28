// node first-pull-in-chromium.mjs <app URL> <to-dos on the server> [disk]: a new device's first sync in headless
// Chromium. A fresh browser profile opens the PWA, whose client pulls every to-do into its OPFS store; prints one JSON
// line with the app's own timing of that first sync (from starting the client to the pull applied) and the to-dos it
// then holds. The profile is a private context unless `disk` is given: then a new folder on disk, as a user's browser
// has (a private context keeps OPFS in the browser's memory, where every access-handle call is a message between
// processes). docs/performance.md ("Browser") runs it against a server started with --SeedTodos 10000.
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Beside this script in the test output; in the source tree it lives in the browser tests' Scripts folder.
const shared = new URL('./chromium.mjs', import.meta.url);
const { launch, launchOnDisk } = await import(existsSync(shared) ? shared : new URL('../../ObjectQL.Browser.Tests/Scripts/chromium.mjs', import.meta.url));

const [url, expected, profile] = process.argv.slice(2);
const folder = profile === 'disk' ? await mkdtemp(join(tmpdir(), 'objectql-first-pull-')) : undefined;
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
} finally {
  await browser.close();
  if (folder) {
    await rm(folder, { recursive: true, force: true });
  }
}
