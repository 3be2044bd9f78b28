// The Worker script (worker/worker.mjs) starts the runtime and then calls the [JSExport] methods of WorkerApi;
// Main has nothing to do.
return 0;
