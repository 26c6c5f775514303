#!/usr/bin/env bash
# Installs node-opcua-client (the interop peer for tests/EdgeTwin.OpcUa.Tests) under .tools/opcua.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/node-opcua.sh"
node_opcua_install node-opcua.sh node-opcua-client
