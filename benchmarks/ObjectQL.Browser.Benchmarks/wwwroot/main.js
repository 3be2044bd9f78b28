// Starts .NET, opens the store and answers one query; globalThis.ready then holds the notes counted, and the marks
// time the start-up phases from navigation start (measure.mjs reads them).
import { dotnet } from './_framework/dotnet.js';

// The loader fetches at most 16 boot files at a time and this app has 26 (22 assemblies): the rest waited for a free
// slot, the app's own assemblies last. All of them are needed before .NET starts, so all are asked for at once.
const runtime = await dotnet.withConfig({ maxParallelDownloads: 64 }).create();
performance.mark('runtime-created');
const exports = await runtime.getAssemblyExports(runtime.getConfig().mainAssemblyName);
await runtime.runMain();
performance.mark('main-run');
const bench = exports.ObjectQL.Browser.Benchmarks.BenchExports;
const notes = await bench.StartAsync();
performance.mark('interactive');
document.body.textContent = `Ready: ${notes} notes.`;
globalThis.bench = bench;
globalThis.ready = { notes };
