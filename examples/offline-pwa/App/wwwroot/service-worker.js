// In development (dotnet run / build output) nothing is cached, so every change is seen at once. The published app
// uses service-worker.published.js, which makes it work offline.
self.addEventListener('fetch', () => { });
