// node first-pull-in-chromium.mjs <app URL> <to-dos on the server>: a new device's first sync in headless Chromium. A
// fresh browser profile opens the PWA, whose client pulls every to-do into its OPFS store; prints one JSON line with
// the app's own timing of that first sync (from starting the client to the pull applied) and the to-dos it then holds.
// docs/performance.md ("Browser") runs it against a server started with --SeedTodos 10000.
import { existsSync } from 'node:fs';

// Beside this script in the test output; in the source tree it lives in the browser tests' Scripts folder.
const shared = new URL('./chromium.mjs', import.meta.url);
const { launch } = await import(existsSync(shared) ? shared : new URL('../../ObjectQL.Browser.Tests/Scripts/chromium.mjs', import.meta.url));

const [url, expected] = process.argv.slice(2);
const browser = await launch();
try {
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  await page.goto(url);
  await page.waitForFunction(
    count => document.querySelector('[data-testid=todo-count]')?.innerText === count && document.querySelector('[data-testid=first-sync]'),
    expected, { timeout: 600_000 });
  const firstSyncMs = Number(await page.getAttribute('[data-testid=first-sync]', 'data-ms'));
  console.log(JSON.stringify({ firstSyncMs, todos: Number(await page.innerText('[data-testid=todo-count]')) }));
} finally {
  await browser.close();
}
