// The published app's service worker: on install it caches the app shell, _framework and the ObjectQL and sqlite-wasm
// modules, so after the first visit the app starts without a network. The sync endpoint (/api/) is never cached: the
// sync client knows it is offline and keeps writes in its log until the server answers again.
self.importScripts('./service-worker-assets.js');
self.addEventListener('install', event => event.waitUntil(onInstall()));
self.addEventListener('activate', event => event.waitUntil(onActivate()));
self.addEventListener('fetch', event => {
    // Writes and the sync endpoint go to the network as if there were no service worker.
    if (event.request.method === 'GET' && !new URL(event.request.url).pathname.startsWith('/api/')) {
        event.respondWith(onFetch(event));
    }
});

const cacheNamePrefix = 'offline-cache-';
const cacheName = `${cacheNamePrefix}${self.assetsManifest.version}`;
// .mjs too: the .NET runtime and sqlite-wasm are JavaScript modules.
const offlineAssetsInclude = [/\.dll$/, /\.wasm/, /\.html/, /\.js$/, /\.mjs$/, /\.json$/, /\.css$/, /\.png$/, /\.ico$/, /\.blat$/, /\.dat$/, /\.webmanifest$/];
const offlineAssetsExclude = [/^service-worker\.js$/];
// Copied beside the app at publish (OfflinePwa.App.csproj), so not in the assets manifest: the files the store loads.
const sqliteWasm = ['sqlite-wasm/index.mjs', 'sqlite-wasm/sqlite3.wasm'];

const base = '/';
const baseUrl = new URL(base, self.origin);
const manifestUrlList = self.assetsManifest.assets.map(asset => new URL(asset.url, baseUrl).href);

async function onInstall() {
    const assetsRequests = self.assetsManifest.assets
        .filter(asset => offlineAssetsInclude.some(pattern => pattern.test(asset.url)))
        .filter(asset => !offlineAssetsExclude.some(pattern => pattern.test(asset.url)))
        .map(asset => new Request(asset.url, { integrity: asset.hash, cache: 'no-cache' }))
        .concat(sqliteWasm.map(url => new Request(url, { cache: 'no-cache' })));
    const cache = await caches.open(cacheName);
    await cache.addAll(assetsRequests);
}

async function onActivate() {
    const cacheKeys = await caches.keys();
    await Promise.all(cacheKeys.filter(key => key.startsWith(cacheNamePrefix) && key !== cacheName).map(key => caches.delete(key)));
    // Control the page that installed this worker at once, so its Worker and later requests are served from the cache.
    await self.clients.claim();
}

async function onFetch(event) {
    // Navigations get index.html from the cache, unless the request is for a cached file itself.
    const shouldServeIndexHtml = event.request.mode === 'navigate' && !manifestUrlList.some(url => url === event.request.url);
    const cache = await caches.open(cacheName);
    const cachedResponse = await cache.match(shouldServeIndexHtml ? 'index.html' : event.request);
    return cachedResponse || fetch(event.request);
}
