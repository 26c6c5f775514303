#!/usr/bin/env bash
# Installs systemd-analyze (package systemd), which the unit-file test uses to verify systemd/edgetwin.service.
# Idempotent and quiet when already present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

if command -v systemd-analyze >/dev/null 2>&1 && [[ -d /lib/systemd/system ]] && [[ -x /bin/kill ]]; then
  exit 0
fi

apt_install systemd.sh systemd procps
