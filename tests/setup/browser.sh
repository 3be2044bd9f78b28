#!/usr/bin/env bash
# Installs what the WebAssembly tests (tests/ObjectQL.Browser.Tests) need, once: Chromium from Debian (as root through
# apt-get when missing), and from npm into artifacts/browser-tools (not committed): playwright-core (driving that
# Chromium), deno and bun (the other JavaScript runtimes), and sqlite-wasm pinned to 3.54.1-build1 (its "latest" tag is
# an old release). test.sh calls it; it is safe to run again.
set -euo pipefail
cd "$(dirname "$0")/../.."

tools=artifacts/browser-tools
sqlite_wasm=3.54.1-build1

if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
  runner=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "Chromium is missing: install the Debian package as root (apt-get install chromium) and run again." >&2
      exit 1
    fi
    runner=(sudo)
  fi
  echo "==> installing Debian package: chromium"
  "${runner[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq --no-install-recommends chromium >/dev/null
fi

if ! command -v node >/dev/null 2>&1; then
  echo "Node.js (20 or later) is required for the WebAssembly tests and was not found on PATH." >&2
  exit 1
fi

installed() { [ -f "$tools/node_modules/$1/package.json" ] && grep -q "\"version\": \"$2" "$tools/node_modules/$1/package.json"; }
if ! installed @sqlite.org/sqlite-wasm "$sqlite_wasm" || ! installed playwright-core "" || [ ! -x "$tools/node_modules/.bin/deno" ] || [ ! -x "$tools/node_modules/.bin/bun" ]; then
  echo "==> installing npm packages into $tools"
  mkdir -p "$tools"
  [ -f "$tools/package.json" ] || echo '{ "name": "objectql-browser-tools", "private": true }' > "$tools/package.json"
  (cd "$tools" && npm install --no-audit --no-fund --loglevel=error playwright-core deno bun "@sqlite.org/sqlite-wasm@$sqlite_wasm" >/dev/null)
fi
