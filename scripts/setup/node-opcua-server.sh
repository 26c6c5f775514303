#!/usr/bin/env bash
# Installs node-opcua-server (the reference server of bench/EdgeTwin.OpcUa.Benchmarks) under .tools/opcua,
# next to node-opcua-client from node-opcua.sh (same version, so they share their dependencies).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/node-opcua.sh"
node_opcua_install node-opcua-server.sh node-opcua-server
