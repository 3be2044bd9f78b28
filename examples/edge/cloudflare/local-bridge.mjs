// Serves the bridge Worker locally in Miniflare (real workerd with a real D1 database and KV namespace, kept in
// artifacts/miniflare/state) on http://127.0.0.1:8787/. Install Miniflare first with tests/setup/miniflare.sh, then:
//   node examples/edge/cloudflare/local-bridge.mjs
// Stop it with Ctrl-C (SIGINT) or SIGTERM, never kill -9: Miniflare then stops its workerd too.
import { join } from "node:path";
import { root, serveLocal } from "./serve-local.mjs";

const bridge = join(root, "libs/ObjectQL.Cloudflare/Bridge");
await serveLocal(
  {
    modules: true,
    modulesRoot: bridge,
    scriptPath: join(bridge, "objectql-bridge.mjs"),
    d1Databases: { DB: "local-objectql" },
    kvNamespaces: { KV: "local-objectql-cache" },
    bindings: { BRIDGE_SECRET: process.env.BRIDGE_SECRET ?? "local-secret-0123456789" },
  },
  8787,
  "bridge Worker",
);
