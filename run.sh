#!/usr/bin/env bash
# Runs the service on this machine: restores, starts Azurite (unless one listens), serves on http://127.0.0.1:7071.
# Extra arguments go to `alerts serve` (for example --urls http://127.0.0.1:8080). Ctrl+C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"
. scripts/lib.sh
need_tools
ensure_node_modules
trap stop_azurite EXIT
start_azurite
# A machine of one's own: the Development environment, where the built-in signing key is accepted. Set
# DOTNET_ENVIRONMENT=Production (and real secrets) to serve for real.
export DOTNET_ENVIRONMENT="${DOTNET_ENVIRONMENT:-Development}"
dotnet build src/Alerts.Server -c Release --nologo -v quiet -clp:ErrorsOnly
dotnet src/Alerts.Server/bin/Release/net10.0/alerts.dll serve "$@"
