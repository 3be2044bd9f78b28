// Serves the bridge Worker locally in Miniflare (real workerd with a real D1 database and KV namespace, kept in
// artifacts/miniflare/state) on http://127.0.0.1:8787/. Install Miniflare first with tests/setup/miniflare.sh, then:
//   node examples/edge/cloudflare/local-bridge.mjs
// Stop it with Ctrl-C (SIGINT) or SIGTERM, never kill -9: Miniflare then stops its workerd too.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const installDir = process.env.OBJECTQL_MINIFLARE_DIR ?? join(root, "artifacts/miniflare");
const { Miniflare } = await import(pathToFileURL(join(installDir, "node_modules/miniflare/dist/src/index.js")).href);
const bridge = join(root, "libs/ObjectQL.Cloudflare/Bridge");

const mf = new Miniflare({
  modules: true,
  modulesRoot: bridge,
  scriptPath: join(bridge, "objectql-bridge.mjs"),
  compatibilityDate: "2025-01-01",
  host: "127.0.0.1",
  port: Number(process.env.PORT ?? 8787),
  d1Databases: { DB: "local-objectql" },
  kvNamespaces: { KV: "local-objectql-cache" },
  bindings: { BRIDGE_SECRET: process.env.BRIDGE_SECRET ?? "local-secret-0123456789" },
  defaultPersistRoot: join(installDir, "state"),
});
// Registered before waiting for ready, so a signal during start-up also stops workerd.
const stop = async () => {
  await mf.dispose();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
console.log(`bridge Worker at ${(await mf.ready).href}`);
