// Serves the bundled Worker (node build.mjs first) locally in Miniflare: real workerd with a real D1 database, kept in
// artifacts/miniflare/state, on http://127.0.0.1:8788/. Install Miniflare first with tests/setup/miniflare.sh, then:
//   node examples/edge/cloudflare-wasm/local.mjs [<bundle dir>]
// Stop it with Ctrl-C (SIGINT) or SIGTERM, never kill -9: Miniflare then stops its workerd too.
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { serveLocal } from "../cloudflare/serve-local.mjs";

const bundle = resolve(process.argv[2] ?? join(dirname(fileURLToPath(import.meta.url)), "dist"));
// The bundle's modules, main module first: a bundled Worker is given to Miniflare as the list build.mjs wrote.
const modules = JSON.parse(readFileSync(join(bundle, "modules.json"), "utf8")).map((m) => ({ ...m, path: join(bundle, m.path) }));
await serveLocal({ modulesRoot: bundle, modules, d1Databases: { DB: "local-objectql-wasm" } }, 8788, "ObjectQL Worker (.NET WebAssembly)");
