# Shared by run.sh, test.sh and .ci/run. Sourced, not run.

die() { echo "error: $*" >&2; exit 1; }

need_tools() {
  command -v dotnet >/dev/null || die "the .NET SDK is not installed: install .NET 10 (https://dot.net) and run again."
  command -v node >/dev/null && command -v npm >/dev/null || die "Node.js is not installed: install Node 20 or later (it runs the Azurite storage emulator)."
  dotnet --list-sdks | grep -q '^10\.' || die "the .NET 10 SDK is needed (found: $(dotnet --list-sdks | tr '\n' ' '))."
}

# npm ci when node_modules is missing or older than the lock file.
ensure_node_modules() {
  if [ ! -x node_modules/.bin/azurite ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    echo "Installing the Azurite storage emulator (npm ci)..." >&2
    npm ci --no-audit --no-fund --loglevel=error >&2
  fi
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

azurite_listening() { port_open 10000 && port_open 10001 && port_open 10002; }

# Starts Azurite in the background unless one already listens; sets AZURITE_PID when it started one.
AZURITE_PID=""
start_azurite() {
  if azurite_listening; then
    echo "Using the Azurite already listening on 127.0.0.1:10000-10002." >&2
    return
  fi
  ensure_node_modules
  mkdir -p .azurite
  node_modules/.bin/azurite --silent --location .azurite --debug .azurite/debug.log \
    --blobHost 127.0.0.1 --queueHost 127.0.0.1 --tableHost 127.0.0.1 --skipApiVersionCheck --loose \
    > .azurite/azurite.log 2>&1 &
  AZURITE_PID=$!
  for _ in $(seq 1 60); do
    azurite_listening && { echo "Azurite started (pid $AZURITE_PID, data in .azurite/)." >&2; return; }
    kill -0 "$AZURITE_PID" 2>/dev/null || die "Azurite exited at start; see .azurite/azurite.log."
    sleep 0.5
  done
  die "Azurite did not open ports 10000-10002 within 30 s; see .azurite/azurite.log."
}

stop_azurite() {
  if [ -n "$AZURITE_PID" ] && kill -0 "$AZURITE_PID" 2>/dev/null; then
    kill "$AZURITE_PID" 2>/dev/null || true
    sleep 0.5
    kill -9 "$AZURITE_PID" 2>/dev/null || true
  fi
}
