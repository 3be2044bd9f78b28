// The browser's network signal for the .NET sync client: navigator.onLine and its online/offline events. Outside a
// page (Node, Deno, Bun) there is no such signal, and the client's own heartbeat (its requests) is the only one.
export function isOnline() {
  return typeof navigator === 'undefined' || navigator.onLine !== false;
}

export function subscribe(callback) {
  if (typeof addEventListener !== 'function') return;
  addEventListener('online', () => callback(true));
  addEventListener('offline', () => callback(false));
}
