// Starts .NET and exposes the kit as globalThis.runKit(fixture, filter) -> JSON text; the same file serves a page
// (index.html) and Node, Deno and Bun (run-kit.mjs).
import { dotnet } from './_framework/dotnet.js';

// The marks time the start-up phases (Scripts/profile-in-chromium.mjs reads them).
performance.mark('module-loaded');
const runtime = await dotnet.create();
performance.mark('runtime-created');
const exports = await runtime.getAssemblyExports(runtime.getConfig().mainAssemblyName);
performance.mark('exports-loaded');
await runtime.runMain();
performance.mark('main-run');
globalThis.runKit = (fixture, filter) => exports.ObjectQL.Browser.Kit.KitExports.RunAsync(fixture, filter ?? '');
globalThis.store = exports.ObjectQL.Browser.Kit.StoreExports;
globalThis.bulkInsert = exports.ObjectQL.Browser.Kit.BulkInsertExports;
globalThis.sync = exports.ObjectQL.Browser.Kit.SyncExports;
globalThis.pull = exports.ObjectQL.Browser.Kit.PullExports;
globalThis.profile = exports.ObjectQL.Browser.Kit.ProfileExports;
globalThis.kitReady = true;
