#!/usr/bin/env bash
# Installs what the EdgeTwin.Drivers Linux bus tests compile against: gcc and the kernel uapi headers
# (linux-libc-dev) to check struct layouts and ioctl numbers on x86-64, and clang for the arm64 and
# 32-bit ARM cross-checks (assembly output only, so no cross libc is needed).
# Idempotent and quiet when everything is already present.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/apt.sh"

missing=()
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v clang-14 >/dev/null 2>&1 || command -v clang >/dev/null 2>&1 || missing+=(clang)
[[ -f /usr/include/linux/gpio.h && -f /usr/include/linux/spi/spidev.h && -f /usr/include/linux/i2c-dev.h ]] || missing+=(linux-libc-dev)
[[ -f /usr/include/termios.h ]] || missing+=(libc6-dev)

if ((${#missing[@]} == 0)); then
  exit 0
fi

apt_install linux-buses.sh "${missing[@]}"
