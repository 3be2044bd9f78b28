// ObjectQL bridge Worker: holds the D1 (and optionally KV) bindings and lets an ObjectQL .NET server reach them over
// HTTPS. Deploy it with wrangler (docs/hosting/cloudflare.md); the .NET side is D1BridgeTransport.
//
//   POST /d1/query    body {sql, params} or {batch:[{sql, params}...]}; every request runs as one atomic D1 batch.
//                     Answers D1's HTTP query API envelope {result:[{results, success, meta}], success, errors}.
//                     The request header x-objectql-bookmark continues a D1 session (read replication): reads see
//                     at least that write; the response carries the session's newest bookmark in the same header.
//   GET/PUT/DELETE /kv/<key>   the KV cache (PUT ?ttl=<seconds>, body is the value).
//
// Every request needs "Authorization: Bearer <BRIDGE_SECRET>" (a Worker secret), compared in constant time.
// Bindings: D1 as env.DB and KV as env.KV unless the variables D1_BINDING / KV_BINDING name others; a client may name
// another binding per request (headers x-objectql-d1 / x-objectql-kv), which must be a D1 database / KV namespace.

const SQL_ERROR = 7500;
const AUTH_ERROR = 10000;
const encoder = new TextEncoder();

export default {
  async fetch(request, env) {
    if (!(await authorized(request, env))) {
      return failure(401, AUTH_ERROR, "Authentication error");
    }
    const url = new URL(request.url);
    if (url.pathname === "/d1/query" && request.method === "POST") {
      return d1Query(request, env);
    }
    if (url.pathname.startsWith("/kv/")) {
      return kv(request, env, decodeURIComponent(url.pathname.slice(4)), url);
    }
    return failure(404, 7003, "No route for the URI");
  },
};

async function authorized(request, env) {
  const secret = env.BRIDGE_SECRET;
  if (typeof secret !== "string" || secret.length < 16) {
    return false; // refuse to run open: the secret is required and must not be trivially short
  }
  const header = request.headers.get("authorization") ?? "";
  const given = header.startsWith("Bearer ") ? header.slice(7) : "";
  // Hash both sides first so the comparison is over equal lengths and leaks nothing about the secret's length.
  const [a, b] = await Promise.all([digest(given), digest(secret)]);
  return constantTimeEqual(a, b);
}

async function digest(text) {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(text)));
}

function constantTimeEqual(a, b) {
  if (crypto.subtle.timingSafeEqual) {
    return crypto.subtle.timingSafeEqual(a, b);
  }
  let difference = a.length ^ b.length;
  for (let i = 0; i < a.length; i++) {
    difference |= a[i] ^ b[i];
  }
  return difference === 0;
}

/** Runs a D1 query request ({sql, params} or {batch}) as one atomic batch; shared with tools that imitate D1's API. */
export async function runD1Request(database, body, bookmark) {
  const statements = Array.isArray(body?.batch) ? body.batch : [body];
  if (statements.length === 0 || statements.some((s) => typeof s?.sql !== "string" || s.sql.trim() === "")) {
    return { status: 400, body: envelope(null, [{ code: SQL_ERROR, message: "No SQL statements detected." }]) };
  }
  // A session that starts at the caller's bookmark (or at the primary) reads its own writes on a replicated database.
  const session = typeof database.withSession === "function"
    ? database.withSession(bookmark || "first-primary")
    : database;
  try {
    const prepared = statements.map((s) => session.prepare(s.sql).bind(...(s.params ?? []).map(bindable)));
    const results = await session.batch(prepared);
    const output = results.map((r) => ({ results: (r.results ?? []).map(rowOut), success: r.success !== false, meta: r.meta ?? {} }));
    const next = typeof session.getBookmark === "function" ? session.getBookmark() : null;
    return { status: 200, body: envelope(output, []), bookmark: next };
  } catch (error) {
    const message = String(error?.message ?? error).replace(/^D1_[A-Z_]*ERROR:\s*/, "");
    // SQL and binding errors are the caller's (400, never retried); anything else is the platform's (500, retried).
    const sql = /SQLITE_|D1_TYPE_ERROR|D1_ERROR|Wrong number of parameter/.test(String(error?.message ?? error));
    return { status: sql ? 400 : 500, body: envelope([], [{ code: sql ? SQL_ERROR : 7000, message }]) };
  }
}

async function d1Query(request, env) {
  const database = env[request.headers.get("x-objectql-d1") || env.D1_BINDING || "DB"];
  if (typeof database?.prepare !== "function") {
    return failure(500, 7404, "The bridge has no D1 binding (set D1_BINDING or bind the database as DB).");
  }
  let body;
  try {
    body = await request.json();
  } catch {
    return failure(400, 7400, "The request body is not JSON.");
  }
  const answer = await runD1Request(database, body, request.headers.get("x-objectql-bookmark"));
  const headers = { "content-type": "application/json" };
  if (answer.bookmark) {
    headers["x-objectql-bookmark"] = answer.bookmark;
  }
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers });
}

async function kv(request, env, key, url) {
  const namespace = env[request.headers.get("x-objectql-kv") || env.KV_BINDING || "KV"];
  if (typeof namespace?.getWithMetadata !== "function") {
    return failure(404, 10013, "The bridge has no KV binding (set KV_BINDING or bind the namespace as KV).");
  }
  if (key === "") {
    return failure(400, 10001, "A KV key is required.");
  }
  switch (request.method) {
    case "GET": {
      const value = await namespace.get(key, { type: "arrayBuffer" });
      return value === null ? failure(404, 10009, "get: 'key not found'") : new Response(value, { status: 200 });
    }
    case "PUT": {
      const ttl = Number(url.searchParams.get("ttl") ?? "0");
      const options = ttl > 0 ? { expirationTtl: Math.max(60, Math.floor(ttl)) } : {};
      await namespace.put(key, await request.arrayBuffer(), options);
      return json(200, envelope({}, []));
    }
    case "DELETE":
      await namespace.delete(key);
      return json(200, envelope({}, []));
    default:
      return failure(405, 10000, "Method not allowed.");
  }
}

// D1 binds numbers, strings, null and byte arrays; JSON carries blobs as arrays of byte values.
function bindable(value) {
  if (Array.isArray(value)) {
    return new Uint8Array(value);
  }
  return value;
}

function rowOut(row) {
  for (const name in row) {
    const value = row[name];
    if (value instanceof ArrayBuffer || ArrayBuffer.isView(value)) {
      row[name] = Array.from(new Uint8Array(value.buffer ?? value, value.byteOffset ?? 0, value.byteLength));
    }
  }
  return row;
}

function envelope(result, errors) {
  return { result, success: errors.length === 0, errors, messages: [] };
}

function failure(status, code, message) {
  return json(status, envelope(null, [{ code, message }]));
}

function json(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
}
