// node sync-in-chromium.mjs <app wwwroot> <sync server URL>: the sync client in headless Chromium against the test sync
// server (proxied under the page's origin). Context A writes a note offline, its page is closed, and a new page opened
// once the network is back pushes the note from the durable log; context B, a second browser profile, pulls it.
// Prints one JSON line of what each step saw.
import { serve } from './static-server.mjs';
import { launch } from './chromium.mjs';

const [root, backend] = process.argv.slice(2);
const server = await serve(root, backend);
let browser;
try {
  browser = await launch();
  const open = async context => {
    const page = await context.newPage();
    page.on('pageerror', error => console.error(`[page error] ${error.message}`));
    page.on('console', message => console.error(`[page] ${message.text()}`));
    await page.goto(server.url);
    await page.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
    return page;
  };
  // A page that was closed could not release its engine lease (10 s in the kit app): the next page waits it out.
  const start = async page => {
    for (let attempt = 0; ; attempt++) {
      try {
        return await page.evaluate(origin => globalThis.sync.StartAsync(origin), server.url);
      } catch (error) {
        if (attempt >= 60 || !String(error.message).includes('already runs on this local store')) throw error;
        await new Promise(resolve => setTimeout(resolve, 1000));
      }
    }
  };
  const results = {};

  const a = await browser.newContext();
  let page = await open(a);
  results.started = await start(page);
  await a.setOffline(true);
  results.offlineWrite = await page.evaluate(() => globalThis.sync.AddNoteAsync('written offline'));
  await page.close();
  await a.setOffline(false);
  page = await open(a);
  results.restartedOnline = await start(page);
  results.afterSync = await page.evaluate(() => globalThis.sync.WaitForSyncAsync());

  const b = await browser.newContext();
  const other = await open(b);
  await start(other);
  await other.evaluate(() => globalThis.sync.WaitForSyncAsync());
  results.otherContextTitles = await other.evaluate(() => globalThis.sync.TitlesAsync());
  console.log(JSON.stringify(results));
} finally {
  await browser?.close();
  await server.close();
}
