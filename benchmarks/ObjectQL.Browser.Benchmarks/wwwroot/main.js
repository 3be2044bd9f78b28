// Starts .NET, opens the store and answers one query; globalThis.ready then holds the notes counted, and the marks
// time the start-up phases from navigation start (measure.mjs reads them).
import { dotnet } from './_framework/dotnet.js';

const runtime = await dotnet.create();
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
