#!/usr/bin/env bash
# Runs the whole test suite: restores, installs Azurite (the tests start it when none listens), builds, tests, and
# ends with a line "N passed, N failed". Exit code: 0 only when tests ran and none failed.
set -uo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
need_tools
ensure_node_modules
rm -rf TestResults
dotnet build Alerts.sln --nologo -v quiet -clp:ErrorsOnly || die "the build failed."
dotnet test Alerts.sln --no-build --nologo --results-directory TestResults --logger "trx;LogFileName=results.trx" "$@"
status=$?
passed=0; failed=0; total=0
for trx in $(find TestResults -name '*.trx' 2>/dev/null); do
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(echo "$counters" | sed -n 's/.* passed="\([0-9]*\)".*/\1/p'); f=$(echo "$counters" | sed -n 's/.* failed="\([0-9]*\)".*/\1/p')
  t=$(echo "$counters" | sed -n 's/.* total="\([0-9]*\)".*/\1/p')
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); total=$((total + ${t:-0}))
done
echo
echo "$passed passed, $failed failed"
if [ "$total" -eq 0 ] || [ "$passed" -eq 0 ]; then echo "error: no test ran." >&2; exit 1; fi
if [ "$failed" -ne 0 ] || [ "$status" -ne 0 ]; then exit 1; fi
exit 0
