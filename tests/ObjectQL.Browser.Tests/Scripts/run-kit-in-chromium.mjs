// node run-kit-in-chromium.mjs <app wwwroot> <fixture> [filter]: serves the published kit, opens it in headless
// Chromium, runs the fixture and prints the results' JSON as the last line. Browser and server stop on every path.
import { serve } from './static-server.mjs';
import { launch } from './chromium.mjs';

const [root, fixture, filter] = process.argv.slice(2);
const server = await serve(root);
let browser;
try {
  browser = await launch();
  const page = await browser.newPage();
  page.on('console', message => console.error(`[page] ${message.text()}`));
  page.on('pageerror', error => console.error(`[page error] ${error.message}`));
  await page.goto(server.url);
  await page.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
  const results = await page.evaluate(([f, q]) => globalThis.runKit(f, q), [fixture, filter ?? '']);
  console.log(results);
} finally {
  await browser?.close();
  await server.close();
}
