// Starts .NET and exposes the kit as globalThis.runKit(fixture, filter) -> JSON text; the same file serves a page
// (index.html) and Node, Deno and Bun (run-kit.mjs).
import { dotnet } from './_framework/dotnet.js';

const runtime = await dotnet.create();
const exports = await runtime.getAssemblyExports(runtime.getConfig().mainAssemblyName);
await runtime.runMain();
globalThis.runKit = (fixture, filter) => exports.ObjectQL.Browser.Kit.KitExports.RunAsync(fixture, filter ?? '');
globalThis.store = exports.ObjectQL.Browser.Kit.StoreExports;
globalThis.sync = exports.ObjectQL.Browser.Kit.SyncExports;
globalThis.kitReady = true;
