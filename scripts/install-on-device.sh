#!/usr/bin/env bash
# Installs a published EdgeTwin folder on the device it runs on (run as root from inside that folder):
# /opt/edgetwin (program), /etc/edgetwin/edgetwin.json (config, kept if present), /var/lib/edgetwin (state,
# created by systemd's StateDirectory=), the edgetwin system user, and the systemd unit.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ $(id -u) -ne 0 ]]; then
  echo "install.sh: run as root (sudo ./install.sh)" >&2
  exit 1
fi

if ! id edgetwin >/dev/null 2>&1; then
  useradd --system --home-dir /var/lib/edgetwin --shell /usr/sbin/nologin edgetwin
fi
for group in i2c spi gpio dialout; do
  getent group "$group" >/dev/null && usermod -aG "$group" edgetwin
done

rm -rf /opt/edgetwin
mkdir -p /opt/edgetwin /etc/edgetwin
cp -r "$here"/. /opt/edgetwin/
if [[ ! -f /etc/edgetwin/edgetwin.json ]]; then
  cp "$here/config/edgetwin.json" /etc/edgetwin/edgetwin.json
fi

/opt/edgetwin/edgetwin check-config --config /etc/edgetwin/edgetwin.json
cp "$here/systemd/edgetwin.service" /etc/systemd/system/edgetwin.service
systemctl daemon-reload
systemctl enable --now edgetwin
systemctl --no-pager status edgetwin || true
