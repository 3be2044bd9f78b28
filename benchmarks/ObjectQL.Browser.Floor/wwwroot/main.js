// Starts .NET and runs Main, which marks the page interactive; globalThis.ready tells measure.mjs the start is done.
import { dotnet } from './_framework/dotnet.js';

const runtime = await dotnet.create();
performance.mark('runtime-created');
await runtime.runMain();
performance.mark('main-run');
document.body.textContent = 'Ready.';
globalThis.ready = { notes: 0 };
