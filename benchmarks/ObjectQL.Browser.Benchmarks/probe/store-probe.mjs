// node store-probe.mjs <published wwwroot> [journal_mode]: the store write's Worker side, phase by phase (best of five,
// milliseconds), in headless Chromium, as one JSON line: store-probe-worker.js is copied beside the app's files and
// run in a blank page of the same origin. A measurement, never a test; say the load (uptime) with the figures.
import { copyFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../../tests/ObjectQL.Browser.Tests/Scripts/static-server.mjs';
import { launch } from '../../../tests/ObjectQL.Browser.Tests/Scripts/chromium.mjs';

const [root, journal] = process.argv.slice(2);
await copyFile(join(dirname(fileURLToPath(import.meta.url)), 'store-probe-worker.js'), join(root, 'store-probe-worker.js'));
const server = await serve(root);
let browser;
try {
  browser = await launch();
  const page = await (await browser.newContext()).newPage();
  await page.goto(server.url + 'store-probe-worker.js');
  const result = await page.evaluate(options => new Promise((resolve, reject) => {
    const worker = new Worker('/store-probe-worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data.value));
    worker.onerror = event => reject(new Error(event.message));
    worker.postMessage(options);
  }), { count: 1000, runs: 5, journal });
  console.log(JSON.stringify({ journal: journal ?? 'default', ...result }));
} finally {
  await browser?.close();
  await server.close();
}
