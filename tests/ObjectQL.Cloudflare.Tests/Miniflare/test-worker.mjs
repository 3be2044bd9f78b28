// The Worker the tests run in Miniflare: the bridge Worker shipped with ObjectQL.Cloudflare, plus
//  - /client/v4/accounts/{account}/d1/database/{id}/query and …/storage/kv/namespaces/{ns}/values/{key}: D1's and KV's
//    HTTP API shapes (bearer API token, 403/10000 on a wrong one, 404/7404 for an unknown database) over the same
//    real D1 and KV bindings;
//  - POST /__faults [{status, body, headers}...]: the next requests get these answers instead (429s, 5xx, a
//    success:false envelope on 200), so the client's retry and error mapping run against real HTTP.
import bridge, { runD1Request } from "./objectql-bridge.mjs";

const faults = [];

export default {
  async fetch(request, env, ctx) {
    const url = new URL(request.url);
    if (url.pathname === "/__faults" && request.method === "POST") {
      faults.push(...(await request.json()));
      return new Response("queued");
    }
    if (faults.length > 0) {
      const fault = faults.shift();
      return new Response(fault.body ?? "", { status: fault.status, headers: fault.headers ?? {} });
    }
    const d1 = url.pathname.match(/^\/client\/v4\/accounts\/([^/]+)\/d1\/database\/([^/]+)\/query$/);
    if (d1 && request.method === "POST") {
      return restD1(request, env, d1[1], d1[2]);
    }
    const kv = url.pathname.match(/^\/client\/v4\/accounts\/([^/]+)\/storage\/kv\/namespaces\/([^/]+)\/values\/(.+)$/);
    if (kv) {
      return restKv(request, env, kv[1], kv[2], decodeURIComponent(kv[3]), url);
    }
    return bridge.fetch(request, env, ctx);
  },
};

function refused(request, env, account) {
  if (request.headers.get("authorization") !== `Bearer ${env.API_TOKEN}` || account !== env.ACCOUNT_ID) {
    return envelope(403, null, [{ code: 10000, message: "Authentication error" }]);
  }
  return null;
}

async function restD1(request, env, account, database) {
  const refusal = refused(request, env, account);
  if (refusal) return refusal;
  if (database !== env.DATABASE_ID) {
    return envelope(404, null, [{ code: 7404, message: `The database ${database} could not be found` }]);
  }
  const answer = await runD1Request(env.DB, await request.json(), null);
  return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { "content-type": "application/json" } });
}

async function restKv(request, env, account, namespace, key, url) {
  const refusal = refused(request, env, account);
  if (refusal) return refusal;
  if (namespace !== env.KV_NAMESPACE_ID) {
    return envelope(404, null, [{ code: 10013, message: "get: 'namespace not found'" }]);
  }
  switch (request.method) {
    case "GET": {
      const value = await env.KV.get(key, { type: "arrayBuffer" });
      return value === null ? envelope(404, null, [{ code: 10009, message: "get: 'key not found'" }]) : new Response(value);
    }
    case "PUT": {
      const ttl = url.searchParams.get("expiration_ttl");
      await env.KV.put(key, await request.arrayBuffer(), ttl ? { expirationTtl: Number(ttl) } : {});
      return envelope(200, {}, []);
    }
    case "DELETE":
      await env.KV.delete(key);
      return envelope(200, {}, []);
    default:
      return envelope(405, null, [{ code: 10000, message: "Method not allowed" }]);
  }
}

function envelope(status, result, errors) {
  return new Response(JSON.stringify({ result, success: errors.length === 0, errors, messages: [] }), {
    status,
    headers: { "content-type": "application/json" },
  });
}
