// Serves a Worker in a local Miniflare (real workerd, installed by tests/setup/miniflare.sh into artifacts/miniflare)
// for the examples' local runs: on 127.0.0.1 (port: PORT, or the one given), data kept in artifacts/miniflare/state,
// stopped with Ctrl-C (SIGINT) or SIGTERM, never kill -9: Miniflare then stops its workerd too.
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const installDir = process.env.OBJECTQL_MINIFLARE_DIR ?? join(root, "artifacts/miniflare");

/** Starts Miniflare with the Worker options given (code and bindings) and prints its address after label. */
export async function serveLocal(worker, port, label) {
  const { Miniflare } = await import(pathToFileURL(join(installDir, "node_modules/miniflare/dist/src/index.js")).href);
  const mf = new Miniflare({
    compatibilityDate: "2025-01-01",
    host: "127.0.0.1",
    port: Number(process.env.PORT ?? port),
    defaultPersistRoot: join(installDir, "state"),
    ...worker,
  });
  // Registered before waiting for ready, so a signal during start-up also stops workerd.
  const stop = async () => {
    await mf.dispose();
    process.exit(0);
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(`${label} at ${(await mf.ready).href}`);
}

export { root };
