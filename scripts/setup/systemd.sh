#!/usr/bin/env bash
# Installs systemd-analyze (package systemd), which the unit-file test uses to verify systemd/edgetwin.service.
# Idempotent and quiet when already present.
set -euo pipefail

if command -v systemd-analyze >/dev/null 2>&1 && [[ -d /lib/systemd/system ]] && [[ -x /bin/kill ]]; then
  exit 0
fi

echo "systemd.sh: installing systemd and procps"
sudo_cmd=()
[[ $(id -u) -ne 0 ]] && sudo_cmd=(sudo)
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends systemd procps >/dev/null
