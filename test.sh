#!/usr/bin/env bash
# Runs the whole test suite. On a fresh machine it first installs what the tests need:
# the PostgreSQL server binaries (Debian package "postgresql"; the tests start their own throwaway cluster).
set -euo pipefail
cd "$(dirname "$0")"

say() { printf '==> %s\n' "$*"; }

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET SDK 10 is required (see global.json) and was not found on PATH." >&2
  exit 1
fi

install_debian_packages() {
  local runner=()
  if [ "$(id -u)" != 0 ]; then
    if ! command -v sudo >/dev/null 2>&1; then
      echo "Missing Debian packages: $*. Install them as root (apt-get install $*) and run ./test.sh again." >&2
      exit 1
    fi
    runner=(sudo)
  fi
  say "installing Debian packages: $*"
  "${runner[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${runner[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

missing=()
if [ -z "${OBJECTQL_POSTGRES:-}" ] && ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then
  missing+=(postgresql)
fi
if [ ${#missing[@]} -gt 0 ]; then
  install_debian_packages "${missing[@]}"
fi

tests/setup/miniflare.sh   # Miniflare (real workerd, D1, KV) from npm for the Cloudflare tests
bash tests/setup/browser.sh

results=artifacts/test-results
rm -rf "$results"

say "building"
dotnet build ObjectQL.slnx -c Release -nologo -clp:ErrorsOnly

say "testing"
status=0
dotnet test ObjectQL.slnx -c Release --no-build -nologo --results-directory "$results" || status=$?

# One closing line for every project together, so a reader (or CI) sees the total at a glance.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  get() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed)))
  skipped=$((skipped + $(get notExecuted)))
done
echo "$passed passed, $failed failed, $skipped skipped"
if [ "${CI:-}" = true ] && [ "$skipped" -gt 0 ]; then
  echo "Tests were skipped; CI runs every test." >&2
  status=1
fi
if [ "$passed" -eq 0 ]; then
  echo "No test ran." >&2
  status=1
fi
exit "$status"
