// node store-checks-in-chromium.mjs <app wwwroot>: the browser store's page-level behaviour in headless Chromium, as one
// JSON line: a note added before and after a reload (OPFS and the IndexedDB fallback), a second tab refused while the
// first holds the store and served once it is gone; a database preloaded by index.html adopted by the app's open (one
// Worker), refused in a second tab, and given up when the app asks for another storage; the OPFS pool files a first
// visit creates for one database, and the Worker's early load of sqlite-wasm; a bulk insert's rows stored as
// the same rows written one at a time, and none of them kept when one is refused; measured on the side: the cold
// start of a fresh context to the app's first interactive moment and the best of three 1000-row bulk writes, in
// milliseconds.
import { serve } from './static-server.mjs';
import { launch } from './chromium.mjs';

const [root] = process.argv.slice(2);
const server = await serve(root);
let browser;
try {
  browser = await launch();
  const context = await browser.newContext();
  const open = async (query = '') => {
    const page = await context.newPage();
    page.on('pageerror', error => console.error(`[page error] ${error.message}`));
    await page.goto(server.url + query);
    await page.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
    return page;
  };
  const add = (page, name, storage) => page.evaluate(([n, s]) => globalThis.store.AddNoteAsync(n, s), [name, storage]);
  const results = {};

  const started = performance.now();
  let first = await open();
  results.coldStartMs = Math.round(performance.now() - started);
  const opfsBefore = await add(first, 'reload-opfs.db', 'opfs');
  const idbBefore = await add(first, 'reload-idb.db', 'indexeddb');
  const second = await open();
  results.secondTab = await add(second, 'reload-opfs.db', 'opfs');
  await second.close();
  await first.reload();
  await first.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
  results.opfs = [opfsBefore, await add(first, 'reload-opfs.db', 'opfs')];
  results.indexedDb = [idbBefore, await add(first, 'reload-idb.db', 'indexeddb')];
  await first.close();
  first = await open();
  results.afterFirstTabClosed = await add(first, 'reload-opfs.db', 'opfs');
  results.bulkWriteMs = await first.evaluate(() => globalThis.store.BulkWriteMillisecondsAsync(1000, 3));
  results.bulkInsert = JSON.parse(await first.evaluate(() => globalThis.bulkInsert.ChecksAsync()));
  results.patternModel = await first.evaluate(() => globalThis.store.OpenModelWithPatternAsync());
  await first.close();

  const preloaded = await open('?preload=preload-opfs.db:opfs');
  results.preloadedBeforeOpen = await preloaded.evaluate(() => globalThis.preloaded);
  results.preloaded = await add(preloaded, 'preload-opfs.db', 'opfs');
  results.preloadedWorkers = preloaded.workers().length;
  const refused = await open('?preload=preload-opfs.db:opfs');
  results.preloadedSecondTab = await add(refused, 'preload-opfs.db', 'opfs');
  await refused.close();
  await preloaded.close();
  const otherStorage = await open('?preload=preload-idb.db:opfs');
  results.preloadedOtherStorage = await add(otherStorage, 'preload-idb.db', 'indexeddb');

  // A first visit (a context of its own, its OPFS empty): the files the OPFS pool creates, each a flush, for one database.
  const fresh = await browser.newContext();
  let wasmRequests = 0;
  fresh.on('request', request => { if (new URL(request.url()).pathname.endsWith('/sqlite3.wasm')) wasmRequests++; });
  const firstVisit = await fresh.newPage();
  await firstVisit.goto(server.url + '?preload=first-visit.db:opfs');
  await firstVisit.waitForFunction(() => globalThis.kitReady === true, null, { timeout: 120_000 });
  results.firstVisitPreloaded = await firstVisit.evaluate(() => globalThis.preloaded);
  results.firstVisitPoolFiles = await firstVisit.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const slots = await (await root.getDirectoryHandle('.objectql')).getDirectoryHandle('.opaque');
    let count = 0;
    for await (const _ of slots.keys()) count++;
    return count;
  });
  results.firstVisitNote = await add(firstVisit, 'first-visit.db', 'opfs');
  // The Worker is named after sqlite-wasm's URL, so it loads it without waiting for the page's message, and fetches
  // its WebAssembly beside the module, once.
  results.firstVisitWorkerName = await firstVisit.workers()[0]?.evaluate(() => self.name);
  results.firstVisitWasmRequests = wasmRequests;
  await fresh.close();
  console.log(JSON.stringify(results));
} finally {
  await browser?.close();
  await server.close();
}
