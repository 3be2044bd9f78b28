// node pull-in-chromium.mjs <app wwwroot> <sync server URL>: first pulls in headless Chromium against the test sync
// server (proxied under the page's origin, pages of 40 changes). The server gets varied labels with updates and deletes;
// each case then pulls them into new databases, applied by the store itself and by the client's own path, and prints
// one JSON line of each store's answer (PullExports.PullAsync).
import { serve } from './static-server.mjs';
import { launch } from './chromium.mjs';

const [root, backend] = process.argv.slice(2);
const server = await serve(root, backend);
let browser;
try {
  browser = await launch();
  const page = await (await browser.newContext()).newPage();
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  page.on('console', message => console.error(`[page] ${message.text()}`));
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
  const pull = (name, variant) => page.evaluate(([origin, name, variant]) => globalThis.pull.PullAsync(origin, name, variant).then(JSON.parse), [server.url, name, variant]);
  const results = {};
  results.seeded = await page.evaluate(origin => globalThis.pull.SeedAsync(origin, 300), server.url);
  for (const variant of ['plain', 'unknown-field', 'wrong-type']) {
    results[variant] = await pull(`pull-${variant}.db`, variant);
    results[`${variant}+reference`] = await pull(`pull-${variant}-reference.db`, `${variant}+reference`);
  }
  // Before the pending case, which pushes its label to the server.
  results.failing = await pull('pull-failing.db', 'failing');
  results.pending = await pull('pull-pending.db', 'pending');
  results.seededNote = await page.evaluate(origin => globalThis.pull.SeedNoteAsync(origin), server.url);
  results['unknown-object'] = await pull('pull-unknown-object.db', 'plain');
  results['unknown-object+reference'] = await pull('pull-unknown-object-reference.db', 'plain+reference');
  console.log(JSON.stringify(results));
} finally {
  await browser?.close();
  await server.close();
}
