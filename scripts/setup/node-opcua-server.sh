#!/usr/bin/env bash
# Installs node-opcua-server (the reference server of bench/EdgeTwin.OpcUa.Benchmarks) under .tools/opcua,
# next to node-opcua-client from node-opcua.sh (same version, so they share their dependencies).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
dir="$root/.tools/opcua"
version="2.186.4"
if [ -f "$dir/node_modules/node-opcua-server/package.json" ] && \
   grep -q "\"version\": \"$version\"" "$dir/node_modules/node-opcua-server/package.json"; then
  exit 0
fi
command -v npm >/dev/null || { echo "node-opcua-server.sh: npm is required (apt-get install -y nodejs npm)" >&2; exit 1; }
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{ "name": "edgetwin-opcua-tools", "private": true }' > "$dir/package.json"
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "node-opcua-server@$version" >/dev/null
