// Starts one Miniflare (real workerd, real D1 and KV) for a test run and stops it when told to or when the test
// process goes away: stdin closing, SIGTERM/SIGINT, or the parent process disappearing all dispose Miniflare, which
// stops workerd. Usage: node miniflare-host.mjs <miniflare install dir> <config json>
// Prints "READY <url>" and "PIDS <node pid> <workerd pids...>" once requests are accepted.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const [installDir, configJson] = process.argv.slice(2);
const { Miniflare } = await import(pathToFileURL(join(installDir, "node_modules/miniflare/dist/src/index.js")).href);
const config = JSON.parse(configJson);
const parent = process.ppid;

// A bundled Worker (config.modules names its module list, main module first) or a script whose imports Miniflare follows.
const code = config.modules
  ? { modulesRoot: config.root, modules: JSON.parse(readFileSync(join(config.root, config.modules), "utf8")).map((m) => ({ ...m, path: join(config.root, m.path) })) }
  : { modules: true, modulesRoot: config.root, scriptPath: join(config.root, config.script) };
const mf = new Miniflare({
  ...code,
  compatibilityDate: "2025-01-01",
  host: "127.0.0.1",
  port: 0,
  d1Databases: config.d1,
  kvNamespaces: config.kv,
  bindings: config.bindings,
});

let stopping = false;
async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await mf.dispose();
  } finally {
    process.exit(code);
  }
}
process.on("SIGTERM", () => stop(0));
process.on("SIGINT", () => stop(0));
process.stdin.on("end", () => stop(0));
process.stdin.on("error", () => stop(0));
process.stdin.resume();
setInterval(() => {
  if (process.ppid !== parent) stop(1); // the test process died without closing our stdin
}, 500).unref();

const url = await mf.ready;
console.log(`READY ${url}`);
console.log(`PIDS ${process.pid} ${children(process.pid).join(" ")}`);

function children(pid) {
  const found = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === pid) found.push(Number(entry), ...children(Number(entry)));
    } catch {
      // the process ended meanwhile
    }
  }
  return found;
}
