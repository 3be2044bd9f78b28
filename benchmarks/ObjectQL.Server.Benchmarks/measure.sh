#!/usr/bin/env bash
# Publishes the ObjectQL server (examples/Server; once as it ships, once SQLite-only with -p:ServerPostgres=false) and the
# raw Kestrel + ADO.NET baseline with NativeAOT, then measures all three in one run: binary size, cold start to the first
# answered GET by id (wall and CPU time, and their ratio to the raw baseline), GetById requests/s and peak RSS under load;
# last, what the shipped binary carries, by assembly.
# Usage: benchmarks/ObjectQL.Server.Benchmarks/measure.sh [--seconds 10] [--connections 32] [--cold-starts 7]
# See docs/performance.md, "Server and NativeAOT". Run it on an otherwise idle machine.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
out=${OBJECTQL_MEASURE_DIR:-$(mktemp -d /tmp/objectql-measure-XXXXXX)}
here="$root/benchmarks/ObjectQL.Server.Benchmarks"
dotnet publish "$root/examples/Server/Server.csproj" -c Release -r linux-x64 -p:ArtifactsPath="$out/artifacts" -p:IlcGenerateMstatFile=true -o "$out/server" --nologo -v q
dotnet publish "$root/examples/Server/Server.csproj" -c Release -r linux-x64 -p:ArtifactsPath="$out/artifacts-sqlite" -p:ServerPostgres=false -o "$out/server-sqlite" --nologo -v q
dotnet publish "$here/RawServer/RawServer.csproj" -c Release -r linux-x64 -p:ArtifactsPath="$out/artifacts" -o "$out/raw" --nologo -v q
dotnet run -c Release --project "$here" -- --objectql "$out/server/Server" --objectql-sqlite "$out/server-sqlite/Server" --raw "$out/raw/RawServer" "$@"
# What the shipped binary carries, by assembly (the compiler's .mstat file).
dotnet run -c Release --project "$here" -- --mstat "$out/artifacts/obj/Server/release_linux-x64/native/Server.mstat" --top 25
