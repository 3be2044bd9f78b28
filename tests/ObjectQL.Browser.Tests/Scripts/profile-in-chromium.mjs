// node profile-in-chromium.mjs <app wwwroot> [rows]: where a bulk write's time goes in headless Chromium, for
// docs/performance.md. Prints the phases of ProfileExports.BulkWritePhasesAsync and the page's own start-up timings
// (from navigation start: the runtime created, the app's exports callable) as one JSON line. A measurement, never a test.
import { serve } from './static-server.mjs';
import { launch } from './chromium.mjs';

const [root, rows] = process.argv.slice(2);
const server = await serve(root);
let browser;
try {
  browser = await launch();
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
  const startup = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map(m => [m.name, Math.round(m.startTime)])));
  const phases = JSON.parse(await page.evaluate(n => globalThis.profile.BulkWritePhasesAsync(n), Number(rows ?? 1000)));
  console.log(JSON.stringify({ startup, phases }));
} finally {
  await browser?.close();
  await server.close();
}
