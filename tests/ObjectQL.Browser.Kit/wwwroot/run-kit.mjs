// Runs the kit under a JavaScript runtime: node|deno run -A|bun run-kit.mjs <fixture> [filter]. Prints the results'
// JSON as the last line of stdout and exits 0 when the run completed (the caller judges the results).
await import('./main.js');
const [fixture, filter] = (globalThis.Deno?.args ?? globalThis.process.argv.slice(2));
const results = await globalThis.runKit(fixture, filter ?? '');
console.log(results);
(globalThis.Deno ?? globalThis.process).exit(0);
