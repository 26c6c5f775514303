#!/usr/bin/env bash
# Installs what the EdgeTwin.Drivers Linux bus tests compile against: gcc and the kernel uapi headers
# (linux-libc-dev) to check struct layouts and ioctl numbers on x86-64, and clang for the arm64 and
# 32-bit ARM cross-checks (assembly output only, so no cross libc is needed).
# Idempotent and quiet when everything is already present.
set -euo pipefail

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v clang-14 >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(clang)
[[ -f /usr/include/linux/gpio.h && -f /usr/include/linux/spi/spidev.h && -f /usr/include/linux/i2c-dev.h ]] || missing+=(linux-libc-dev)
[[ -f /usr/include/termios.h ]] || missing+=(libc6-dev)

if ((${#missing[@]} == 0)); then
  exit 0
fi

echo "linux-buses.sh: installing ${missing[*]}"
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
    echo "linux-buses.sh: apt-get install ${missing[*]} failed" >&2
    exit 1
  fi
  sleep 5
done
