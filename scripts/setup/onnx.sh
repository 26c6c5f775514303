#!/usr/bin/env bash
# Installs what EdgeTwin.Onnx's tests need: Debian's onnx + numpy for /usr/bin/python3 (the model
# generator) and ONNX Runtime's shared library from npm's onnxruntime-node (the native engine the
# managed evaluator is cross-checked against). Idempotent and quiet when everything is present.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
ort_dir="$repo_root/.tools/onnxruntime"
# Pinned: the C API slot numbers in src/EdgeTwin.Onnx/Runtime/OrtApi.cs are read from this release's
# onnxruntime_c_api.h (ORT_API_VERSION 13); newer libraries keep those slots, so EDGETWIN_ORT_LIB may point at one.
ort_version="1.13.1"

# /root/.pyenv's python3 can shadow the system one on PATH; Debian's python3-onnx installs for /usr/bin/python3.
if ! /usr/bin/python3 -c 'import onnx, numpy' >/dev/null 2>&1; then
    echo "onnx.sh: installing python3-onnx and python3-numpy" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >/dev/null
    apt-get install -y -qq python3-onnx python3-numpy >/dev/null
fi

case "$(uname -m)" in
    aarch64 | arm64) ort_arch=arm64 ;;
    *) ort_arch=x64 ;;
esac

find_ort_lib() {
    find "$ort_dir/node_modules/onnxruntime-node/bin" -path "*linux/$ort_arch/*" -name 'libonnxruntime.so*' \
        -type f 2>/dev/null | sort | head -n 1
}

if [[ -z "$(find_ort_lib)" ]]; then
    echo "onnx.sh: installing onnxruntime-node@$ort_version into $ort_dir" >&2
    mkdir -p "$ort_dir"
    # --ignore-scripts: install scripts may try to fetch extras over the network; the CPU library ships inside the package.
    npm install --silent --no-audit --no-fund --ignore-scripts --prefix "$ort_dir" "onnxruntime-node@$ort_version" >/dev/null
fi

lib="$(find_ort_lib)"
if [[ -z "$lib" ]]; then
    echo "onnx.sh: libonnxruntime.so not found under $ort_dir after install" >&2
    exit 1
fi
# A stable name the tests look for first, whatever minor version the package carries.
ln -sfr "$lib" "$ort_dir/libonnxruntime.so"
