// A Cloudflare Worker whose REST API is ObjectQL's .NET core running as WebAssembly in the Worker itself, over the
// Worker's D1 binding (env.DB). build.mjs bundles it with the published _framework (framework.mjs) and the bridge
// Worker's code, which answers the D1 driver's requests in-process.
//
//   GET  /api/data/<object>?limit=&offset=   a page of records: {items, meta}
//   GET  /api/data/<object>/<id>             one record
//   POST /api/data/<object>                  create one record (JSON body)
//
// The caller is the user and roles in the x-user-id / x-roles headers: a development sign-in for trying the Worker.
// Put real authentication in front of it (Cloudflare Access, or a token check here) before it holds real data.
import * as framework from "./framework.mjs";
import bridge from "./objectql-bridge.mjs";

// The bridge code requires a secret; it never leaves this isolate, so a fresh random one per isolate serves (made on
// the first request: a Worker may not generate random values at global scope).
let secret;
// The bindings of the latest request: a Worker's bindings are the same for all its requests, and the database opened
// on an isolate's first request keeps reaching D1 through them.
let currentEnv;
let api;

export default {
  async fetch(request, env) {
    currentEnv = env;
    api ??= start().catch((error) => {
      api = undefined;
      throw error;
    });
    const worker = await api;
    const url = new URL(request.url);
    const body = request.method === "GET" || request.method === "HEAD" ? "" : await request.text();
    const answer = await worker.HandleAsync(
      secret,
      request.method,
      url.pathname,
      url.search,
      request.headers.get("x-user-id") ?? "anonymous",
      request.headers.get("x-roles") ?? "guest",
      body,
    );
    const newline = answer.indexOf("\n");
    return new Response(answer.slice(newline + 1), {
      status: Number(answer.slice(0, newline)),
      headers: { "content-type": "application/json; charset=utf-8" },
    });
  },
};

// Starts the .NET runtime from the bundled modules: no file is fetched and no WebAssembly is compiled from bytes.
async function start() {
  secret = [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
  // The loader compiles dotnet.native.wasm with compileStreaming when the answer says application/wasm: hand it the
  // module workerd compiled at upload instead.
  const compileStreaming = WebAssembly.compileStreaming;
  WebAssembly.compileStreaming = async () => framework.nativeWasm;
  try {
    const runtime = await framework.dotnet
      .withConfig({
        // The jiterpreter compiles WebAssembly at run time, which workerd refuses; the interpreter alone runs everything.
        runtimeOptions: ["--no-jiterpreter-traces-enabled", "--no-jiterpreter-interp-entry-enabled", "--no-jiterpreter-jit-call-enabled"],
        resources: {
          jsModuleRuntime: [{ name: "dotnet.runtime.js", moduleExports: framework.runtime }],
          jsModuleNative: [{ name: "dotnet.native.js", moduleExports: framework.native }],
        },
      })
      .withResourceLoader((type, name) => {
        if (type === "dotnetwasm") {
          return Promise.resolve(new Response(new Uint8Array(0), { headers: { "content-type": "application/wasm" } }));
        }
        const bytes = framework.assemblies.get(name);
        return bytes ? Promise.resolve(new Response(bytes)) : null;
      })
      .create();
    runtime.setModuleImports("objectql-worker", { bridge: callBridge });
    runJobsInRequest(runtime.Module);
    const exports = await runtime.getAssemblyExports("EdgeCloudflareWasm");
    return exports.EdgeCloudflareWasm.WorkerApi;
  } finally {
    WebAssembly.compileStreaming = compileStreaming;
  }
}

// The runtime runs queued .NET work (continuations, thread-pool items) from a zero-delay timer and schedules no new
// one while one is pending. workerd cancels a request's timers when the request ends, so a timer set just before the
// response would never fire, and every later request would hang waiting for it ("the Worker's code had hung"). Run
// that work as a microtask instead: it finishes within the request that queued it.
function runJobsInRequest(module) {
  const setTimer = module.safeSetTimeout;
  module.safeSetTimeout = (callback, delay) => {
    if (delay > 0) {
      return setTimer(callback, delay);
    }
    queueMicrotask(callback);
    return -1; // a pending job's id: truthy, so no second one is queued until this one ran
  };
}

// WorkerBridgeHandler's request, answered by the bridge Worker's fetch handler with this Worker's bindings.
async function callBridge(method, url, headers, body) {
  const sent = new Headers();
  for (let i = 0; i < headers.length; i += 2) {
    sent.set(headers[i], headers[i + 1]);
  }
  const request = new Request(url, { method, headers: sent, body: method === "GET" ? undefined : body });
  const response = await bridge.fetch(request, { ...currentEnv, BRIDGE_SECRET: secret });
  let lines = "";
  for (const [name, value] of response.headers) {
    lines += `${name}: ${value}\n`;
  }
  return { status: response.status, headers: lines, body: await response.text() };
}
