// node pwa-in-chromium.mjs <app URL> <screenshots folder>: the offline PWA in headless Chromium, driven as a user does.
// Device A (a persistent profile, so it can be restarted) writes online, goes offline, writes, reloads, restarts the
// browser, and reconnects. Then A and device B (a second profile) edit the same to-do and note offline and reconnect:
// the to-do (crdt) merges; the note (manual) shows B the conflict, and B saves a merge. Prints one JSON line of what
// each step saw; the test asserts on it and on what the server holds.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { launch, launchOnDisk } from './chromium.mjs';

const [url, shots] = process.argv.slice(2);
const viewport = { width: 520, height: 560 };
const wait = { timeout: 90_000 };
const profile = await mkdtemp(join(tmpdir(), 'objectql-pwa-profile-'));
const results = {};
let a;
let browser;

// Device A: a browser with its own profile folder, which a restart keeps (OPFS and the service worker's cache included).
function launchA() {
  return launchOnDisk(profile, { viewport });
}

function watch(page, name) {
  page.on('pageerror', error => console.error(`[${name} page error] ${error.message}`));
  page.on('console', message => console.error(`[${name}] ${message.text()}`));
  return page;
}

// The page is up when the sync status shows (the store is open and the client runs).
async function ready(page) {
  await page.waitForSelector('[data-testid=status]', wait);
  return page;
}

async function open(context, name) {
  const page = watch(context.pages()[0] ?? await context.newPage(), name);
  await page.goto(url);
  return ready(page);
}

const text = (page, id) => page.locator(`[data-testid=${id}]`).first().innerText();
const titles = page => page.locator('[data-testid=todo]').evaluateAll(items => items.map(i => i.dataset.title));

// Synced: online, nothing pending, a sync completed after the call.
async function synced(page) {
  await page.click('[data-testid=sync-now]');
  await page.waitForFunction(() => {
    const get = id => document.querySelector(`[data-testid=${id}]`)?.innerText;
    return get('online') === 'online' && get('pending') === '0 pending' && get('last-sync') !== 'last sync never';
  }, null, wait);
}

async function addTodo(page, title) {
  await page.fill('[data-testid=new-todo]', title);
  await page.click('[data-testid=add-todo]');
  await page.waitForSelector(`[data-testid=todo][data-title="${title}"]`, wait);
}

const todo = (page, title) => page.locator(`[data-testid=todo][data-title="${title}"]`);
const note = (page, title) => page.locator(`[data-testid=note][data-title="${title}"]`);
const shot = (page, name) => page.screenshot({ path: join(shots, name) });

try {
  // 1. First visit, online: the service worker installs and takes control; two to-dos and a note reach the server.
  a = await launchA();
  let page = await open(a, 'A');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, wait);
  await synced(page);
  await addTodo(page, 'Buy milk');
  await addTodo(page, 'Walk the dog');
  await page.fill('[data-testid=new-note-title]', 'Shopping list');
  await page.fill('[data-testid=new-note-body]', 'milk');
  await page.click('[data-testid=add-note]');
  await page.waitForSelector('[data-testid=note][data-title="Shopping list"]', wait);
  await synced(page);
  results.storage = await text(page, 'storage');
  await shot(page, 'offline-pwa-online.png');

  // 2. Offline: a new to-do and a finished one wait in the log.
  await a.setOffline(true);
  await page.waitForFunction(() => document.querySelector('[data-testid=online]')?.innerText === 'offline', null, wait);
  await addTodo(page, 'Written offline');
  await todo(page, 'Buy milk').locator('[data-testid=todo-done]').check();
  await page.waitForSelector('[data-testid=todo][data-title="Buy milk"][data-done="yes"]', wait);
  results.offlinePending = await text(page, 'pending');
  await shot(page, 'offline-pwa-offline.png');

  // 3. Reload while offline: the service worker serves the app, OPFS holds the data and the log.
  await page.reload();
  await ready(page);
  // The status shows before the client has read its log and learnt the network is down (it starts as online with
  // nothing pending): wait for what a settled page shows, then read it (the test asserts on what was read).
  await page.waitForFunction(() => {
    const get = id => document.querySelector(`[data-testid=${id}]`)?.innerText;
    return get('online') === 'offline' && get('pending') !== '0 pending';
  }, null, { timeout: 30_000 }).catch(() => {});
  results.afterReload = { online: await text(page, 'online'), pending: await text(page, 'pending'), titles: await titles(page) };

  // 4. Restart the browser while offline.
  await a.close();
  a = await launchA();
  await a.setOffline(true);
  page = await open(a, 'A');
  // A fresh browser may first report the network as up: the client then learns it is down from its failed request.
  await page.waitForFunction(() => document.querySelector('[data-testid=online]')?.innerText === 'offline', null, { timeout: 30_000 }).catch(() => {});
  results.afterRestart = { online: await text(page, 'online'), pending: await text(page, 'pending'), titles: await titles(page) };

  // 5. Reconnect: the client syncs on its own (no click), once.
  await a.setOffline(false);
  await page.waitForFunction(() => {
    const get = id => document.querySelector(`[data-testid=${id}]`)?.innerText;
    return get('online') === 'online' && get('pending') === '0 pending';
  }, null, wait);
  results.afterReconnect = await text(page, 'pending');

  // 5b. The server fails a sync: the page says so (not only a log line), and the next sync clears it.
  await page.route('**/api/sync', route => route.fulfill({
    status: 500,
    contentType: 'application/json',
    body: JSON.stringify({ error: { code: 'DATABASE_ERROR', message: 'The store is down.' } }),
  }));
  await page.click('[data-testid=sync-now]');
  await page.waitForSelector('[data-testid=sync-error]', wait);
  results.syncError = await text(page, 'sync-error');
  await page.unroute('**/api/sync');
  await synced(page);
  // The status may still be the failed one when synced() sees it; the successful sync replaces it.
  await page.waitForSelector('[data-testid=sync-error]', { state: 'detached', timeout: 30_000 }).catch(() => {});
  results.syncErrorsAfterRecovery = await page.locator('[data-testid=sync-error]').count();

  // 6. Device B, a second browser profile, pulls everything.
  browser = await launch();
  const b = await browser.newContext({ viewport });
  const other = await open(b, 'B');
  await synced(other);
  await other.waitForSelector('[data-testid=note][data-title="Shopping list"]', wait);
  results.bTitles = await titles(other);

  // 7. Both offline, both edit the same to-do (different fields) and the same note (the same field).
  await a.setOffline(true);
  await b.setOffline(true);
  await todo(page, 'Walk the dog').locator('[data-testid=todo-title]').fill('Walk the dog twice');
  await todo(page, 'Walk the dog').locator('[data-testid=todo-title]').press('Tab');
  await page.waitForSelector('[data-testid=todo][data-title="Walk the dog twice"]', wait);
  await todo(other, 'Walk the dog').locator('[data-testid=todo-done]').check();
  await other.waitForSelector('[data-testid=todo][data-title="Walk the dog"][data-done="yes"]', wait);
  await note(page, 'Shopping list').locator('[data-testid=note-body]').fill('milk, eggs');
  await note(page, 'Shopping list').locator('[data-testid=note-body]').press('Tab');
  await page.waitForSelector('[data-testid=note][data-body="milk, eggs"]', wait);
  await note(other, 'Shopping list').locator('[data-testid=note-body]').fill('milk, bread');
  await note(other, 'Shopping list').locator('[data-testid=note-body]').press('Tab');
  await other.waitForSelector('[data-testid=note][data-body="milk, bread"]', wait);

  // 8. A syncs first; then B: its note edit comes back as a conflict, shown with both texts.
  await a.setOffline(false);
  await synced(page);
  await b.setOffline(false);
  await other.waitForSelector('[data-testid=conflict]', wait);
  results.conflict = { mine: await text(other, 'mine'), theirs: await text(other, 'theirs'), parked: await text(other, 'parked') };
  await other.fill('[data-testid=merge-text]', 'milk, eggs, bread');
  await other.locator('[data-testid=merge-text]').press('Tab');
  await shot(other, 'offline-pwa-conflict.png');
  await other.click('[data-testid=merge]');
  await other.waitForSelector('[data-testid=conflict]', { state: 'detached', ...wait });
  await synced(other);

  // 9. A pulls B's answer; both show the same to-do and note.
  await synced(page);
  await page.waitForSelector('[data-testid=note][data-body="milk, eggs, bread"]', wait);
  const state = async p => ({
    todo: await p.locator('[data-testid=todo][data-title^="Walk the dog"]').evaluate(e => `${e.dataset.title}|done=${e.dataset.done}`),
    note: await note(p, 'Shopping list').evaluate(e => e.dataset.body),
  });
  results.a = await state(page);
  results.b = await state(other);
  console.log(JSON.stringify(results));
} finally {
  await a?.close();
  await browser?.close();
  await rm(profile, { recursive: true, force: true });
}
