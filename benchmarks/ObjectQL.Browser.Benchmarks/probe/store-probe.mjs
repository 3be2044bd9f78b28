// node store-probe.mjs <published wwwroot> [settings] [disk]: the store write's Worker side, phase by phase (best of five,
// milliseconds), in headless Chromium, as one JSON line: store-probe-worker.js is copied beside the app's files and
// run in a blank page of the same origin. settings: a journal mode ("persist") or PRAGMAs ("page_size=16384;
// synchronous=normal") set on each fresh database; the OPFS access-handle calls are counted. disk: a browser on a
// profile folder (OPFS as files) instead of a private context (OPFS in the browser's memory). A measurement, never a
// test; say the load (uptime) with the figures.
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '../../../tests/ObjectQL.Browser.Tests/Scripts/static-server.mjs';
import { launch, launchOnDisk } from '../../../tests/ObjectQL.Browser.Tests/Scripts/chromium.mjs';

const [root, settings, profile] = process.argv.slice(2);
await copyFile(join(dirname(fileURLToPath(import.meta.url)), 'store-probe-worker.js'), join(root, 'store-probe-worker.js'));
const server = await serve(root);
let browser;
let profileFolder;
try {
  let context;
  if (profile === 'disk') {
    profileFolder = await mkdtemp(join(tmpdir(), 'store-probe-'));
    context = await launchOnDisk(profileFolder);
    browser = context;
  } else {
    browser = await launch();
    context = await browser.newContext();
  }
  const page = await context.newPage();
  await page.goto(server.url + 'store-probe-worker.js');
  const result = await page.evaluate(options => new Promise((resolve, reject) => {
    const worker = new Worker('/store-probe-worker.js', { type: 'module' });
    worker.onmessage = ({ data }) => (data.error ? reject(new Error(data.error)) : resolve(data.value));
    worker.onerror = event => reject(new Error(event.message));
    worker.postMessage(options);
  }), { count: 1000, runs: 5, settings });
  console.log(JSON.stringify({ settings: settings || 'default', profile: profile ?? 'private', ...result }));
} finally {
  await browser?.close();
  await server.close();
  if (profileFolder) await rm(profileFolder, { recursive: true, force: true });
}
