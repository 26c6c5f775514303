# Sourced by scripts/setup/node-opcua*.sh (not run by test.sh itself: it runs only the scripts one level up).
# node_opcua_install CALLER PACKAGE: installs one node-opcua package under .tools/opcua, quiet when that version is
# already there. One pinned version for every package, so client and server share their dependencies there.
node_opcua_version="2.186.4"

node_opcua_install() {
  local caller=$1 package=$2
  local root dir
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)"
  dir="$root/.tools/opcua"
  if [ -f "$dir/node_modules/$package/package.json" ] && \
     grep -q "\"version\": \"$node_opcua_version\"" "$dir/node_modules/$package/package.json"; then
    return 0
  fi
  command -v npm >/dev/null || { echo "$caller: npm is required (apt-get install -y nodejs npm)" >&2; exit 1; }
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{ "name": "edgetwin-opcua-tools", "private": true }' > "$dir/package.json"
  npm install --prefix "$dir" --no-audit --no-fund --loglevel=error "$package@$node_opcua_version" >/dev/null
}
