#!/usr/bin/env bash
# Installs Miniflare (real workerd with real D1 and KV, from npm) for the Cloudflare tests, once per machine.
# Where: artifacts/miniflare (ignored by git), or $OBJECTQL_MINIFLARE_DIR. The version is pinned: releases from
# 4.20260430.0 on need Node 22, and a caret range would pick them up. Needs node and npm on PATH (Node 18 or newer).
set -euo pipefail
version=4.20260426.0
root="$(cd "$(dirname "$0")/../.." && pwd)"
dir="${OBJECTQL_MINIFLARE_DIR:-$root/artifacts/miniflare}"

if [ -f "$dir/node_modules/miniflare/package.json" ] &&
   grep -q "\"version\": \"$version\"" "$dir/node_modules/miniflare/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "npm (Node.js 18 or newer) is required to install Miniflare for the Cloudflare tests." >&2
  exit 1
fi
echo "==> installing miniflare@$version into $dir"
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "name": "objectql-miniflare", "private": true }' >"$dir/package.json"
# --ignore-scripts: workerd ships as a platform package and needs no install script (one would also need the network).
npm install --prefix "$dir" --no-audit --no-fund --ignore-scripts --save-exact "miniflare@$version" >/dev/null
echo "==> miniflare installed"
