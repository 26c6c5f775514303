#!/usr/bin/env bash
# Installs the MQTT broker and command-line peers the EdgeTwin.Mqtt tests run against.
# Idempotent and quiet when everything is already present. Debian installs mosquitto in /usr/sbin.
set -euo pipefail

missing=()
[[ -x /usr/sbin/mosquitto ]] || command -v mosquitto >/dev/null 2>&1 || missing+=(mosquitto)
command -v mosquitto_pub >/dev/null 2>&1 || missing+=(mosquitto-clients)
command -v openssl >/dev/null 2>&1 || missing+=(openssl)

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "mosquitto.sh: installing ${missing[*]}"
sudo_cmd=()
if [[ $(id -u) -ne 0 ]]; then
  sudo_cmd=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# Another setup script may hold the dpkg lock for a moment: retry a few times before giving up.
for attempt in 1 2 3 4 5; do
  if "${sudo_cmd[@]}" apt-get update -qq && \
     "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; then
    break
  fi
  if ((attempt == 5)); then
    echo "mosquitto.sh: apt-get install ${missing[*]} failed" >&2
    exit 1
  fi
  sleep 5
done
# The package enables a system-wide broker on port 1883; the tests start their own on free ports.
if command -v systemctl >/dev/null 2>&1 && systemctl is-enabled mosquitto >/dev/null 2>&1; then
  "${sudo_cmd[@]}" systemctl disable --now mosquitto >/dev/null 2>&1 || true
fi
