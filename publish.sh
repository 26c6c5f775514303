#!/usr/bin/env bash
# Builds EdgeTwin for deployment onto an edge device (Raspberry Pi or industrial PC).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

usage() {
  cat <<'USAGE'
Usage: ./publish.sh [--rid RID] [--out DIR]

Default: a framework-dependent, portable publish. One folder (and a .tar.gz of it) that runs on any
Linux the .NET 10 runtime (ASP.NET Core shared framework) is installed on: x64, arm64 (Pi 4/5) and
32-bit arm (Pi 2/3/Zero 2) alike, with SQLite's native library for each.

  --rid RID   a self-contained, trimmed, ReadyToRun publish for one runtime identifier (linux-arm64,
              linux-arm, linux-x64): no runtime needed on the device, and the smallest footprint (on
              the simulated plant ~58 MB RSS against ~81 MB for the portable build, see
              docs/benchmarks.md). It needs the runtime and crossgen packs for that RID
              (Microsoft.NETCore.App.Runtime.RID, Microsoft.AspNetCore.App.Runtime.RID,
              Microsoft.NETCore.App.Crossgen2.<build host RID>) from your NuGet sources; where they are
              not reachable the publish stops with NuGet's error and the portable publish is the way to go.
  --out DIR   output folder (default: ./out)

The output holds: the gateway, the `edgetwin` launcher, config/edgetwin.json (the simulated plant),
config/examples/, systemd/edgetwin.service and install.sh, which installs it all on the device.
USAGE
}

rid=""
out="out"
while (($# > 0)); do
  case "$1" in
    --rid) rid="${2:?--rid needs a runtime identifier}"; shift 2 ;;
    --out) out="${2:?--out needs a folder}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "publish.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
done

version=$(sed -n 's:.*<Version>\(.*\)</Version>.*:\1:p' Directory.Build.props | head -n 1)
flavour=${rid:-portable}
name="edgetwin-$version-$flavour"
mkdir -p "$out"
out=$(cd "$out" && pwd)
dest="$out/$name"
rm -rf "$dest" "$out/$name.tar.gz"

# A separate artifacts path keeps this publish from touching the development build's bin/ and obj/.
build="$out/.build-$flavour"
common=(src/EdgeTwin.Service/EdgeTwin.Service.csproj -c Release -o "$dest" --artifacts-path "$build" -nologo -v quiet)
if [[ -z "$rid" ]]; then
  dotnet publish "${common[@]}" --no-self-contained -p:UseAppHost=false
  cat > "$dest/edgetwin" <<'LAUNCHER'
#!/bin/sh
# Framework-dependent launcher: runs the gateway on the installed .NET runtime.
here=$(dirname "$(readlink -f "$0")")
exec dotnet "$here/edgetwin.dll" "$@"
LAUNCHER
  chmod +x "$dest/edgetwin"
  # Native libraries (SQLite) ship for every OS NuGet knows; an edge gateway needs only Linux's three.
  if [[ -d "$dest/runtimes" ]]; then
    find "$dest/runtimes" -mindepth 1 -maxdepth 1 ! -name linux-x64 ! -name linux-arm64 ! -name linux-arm -exec rm -rf {} +
  fi
else
  # Trimming drops the framework code the gateway never calls (System.Private.CoreLib alone shrinks from
  # ~13 MB to ~3 MB of mapped image); ReadyToRun then precompiles what is left so start-up does not JIT it
  # all. Trim warnings are errors (TreatWarningsAsErrors): the code is kept trim- and AOT-safe.
  dotnet publish "${common[@]}" -r "$rid" --self-contained -p:PublishTrimmed=true -p:PublishReadyToRun=true
fi
rm -rf "$build"

mkdir -p "$dest/config" "$dest/systemd"
cp config/edgetwin.json "$dest/config/"
[[ -d config/examples ]] && cp -r config/examples "$dest/config/"
cp systemd/edgetwin.service "$dest/systemd/"
cp scripts/install-on-device.sh "$dest/install.sh"
chmod +x "$dest/install.sh"

tar -C "$out" -czf "$out/$name.tar.gz" "$name"
echo "published $dest"
echo "tarball   $out/$name.tar.gz"
