#!/usr/bin/env bash
# Installs what the tests need (apt and npm packages, via scripts/setup/*.sh; each is idempotent), builds the
# solution once and runs every test project. Ends with one line: "N passed, N failed[, N skipped]".
#   ./test.sh                 everything
#   ./test.sh --filter EXPR   passed on to dotnet test (e.g. FullyQualifiedName~Config)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
configuration=Release
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

for setup in scripts/setup/*.sh; do
  bash "$setup"
done

dotnet build EdgeTwin.sln -c "$configuration" -v quiet -nologo -clp:ErrorsOnly

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

status=0
for project in tests/*/*.Tests.csproj; do
  name=$(basename "$project" .csproj)
  echo "== $name"
  if ! dotnet test "$project" -c "$configuration" --no-build -nologo \
      --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=minimal" \
      --results-directory "$results" "$@"; then
    status=1
  fi
  if [[ ! -f "$results/$name.trx" ]]; then
    echo "$name: no test results (the test host crashed?)" >&2
    status=1
  fi
done

# Totals over every project, from the TRX result counters.
passed=0 failed=0 skipped=0
for trx in "$results"/*.trx; do
  [[ -f "$trx" ]] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  value() { sed -n "s/.* $1=\"\([0-9]*\)\".*/\1/p" <<<"$counters"; }
  passed=$((passed + $(value passed)))
  failed=$((failed + $(value failed) + $(value error) + $(value timeout) + $(value aborted)))
  skipped=$((skipped + $(value notExecuted)))
done

if ((failed > 0)); then
  status=1
fi
if ((skipped > 0)); then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
