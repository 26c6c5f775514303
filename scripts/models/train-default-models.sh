#!/usr/bin/env bash
# Reproduces config/models/bearing.onnx and thermal.onnx the way docs/scoring.md describes: runs the simulated
# plant (healthy, no faults) in real time into a scratch store, then `edgetwin train` fits each default score to
# that normal-operation data, writes the model into config/models/ and prints the Scoring:Scores snippet
# (feature normalization, raise and clear levels) to copy into config/edgetwin.json.
#   scripts/models/train-default-models.sh [minutes]   (default 13: eight machine cycles from a cold start)
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
minutes="${1:-13}"
cd "$repo_root"

dotnet build src/EdgeTwin.Service -c Release -v quiet -nologo -clp:ErrorsOnly
edgetwin="$repo_root/src/EdgeTwin.Service/bin/Release/net10.0/edgetwin"
state="$(mktemp -d /tmp/edgetwin-train.XXXXXX)"
trap 'rm -rf "$state"' EXIT
export EDGETWIN_Gateway__StateDirectory="$state" EDGETWIN_Uplink__Enabled=false EDGETWIN_OpcUa__Enabled=false

echo "recording $minutes minutes of normal operation of the simulated plant into $state" >&2
start="$(date -u +%s)"
EDGETWIN_Scoring__Enabled=false timeout -s TERM "${minutes}m" "$edgetwin" run --config config/edgetwin.json >"$state/run.log" 2>&1 || true
# Leave out the first seconds (devices initializing, first frames waiting for every channel).
from="$(date -u -d "@$((start + 5))" +%Y-%m-%dT%H:%M:%SZ)"
to="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

for score in bearing thermal; do
    "$edgetwin" train --config config/edgetwin.json --score "$score" --from "$from" --to "$to" --out "config/models/$score.onnx"
done
