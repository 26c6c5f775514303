#!/usr/bin/env bash
# Installs the MQTT broker and command-line peers the EdgeTwin.Mqtt tests run against.
# Idempotent and quiet when everything is already present. Debian installs mosquitto in /usr/sbin.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

missing=()
[[ -x /usr/sbin/mosquitto ]] || command -v mosquitto >/dev/null 2>&1 || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if ((${#missing[@]} == 0)); then
  exit 0
fi

apt_install mosquitto.sh "${missing[@]}"
# The package enables a system-wide broker on port 1883; the tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled mosquitto >/dev/null 2>&1; then
  as_root systemctl disable --now mosquitto >/dev/null 2>&1 || true
fi
