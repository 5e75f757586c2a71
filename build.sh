#!/usr/bin/env bash
# Runs the build: ./build.sh [target...] [--parameter value...]   (./build.sh --help lists them)
#
# The task runner is compiled once; later calls start the compiled runner directly unless a file it
# is built from changed since, so a call costs the runner's own start-up, not a build.
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Targets resolve paths against the repository root, whatever directory the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"

runner=build/bin/Release/net10.0/_build
stale() {
    [ -x "$runner" ] || return 0
    [ -n "$(find build src Directory.Build.props Directory.Packages.props global.json \
        \( -name bin -o -name obj \) -prune -o -type f -newer "$runner" -print -quit)" ]
}
if stale; then
    log="$(mktemp)"
    if ! dotnet build build/_build.csproj --configuration Release --nologo --verbosity quiet > "$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        exit 2
    fi
    rm -f "$log"
    # The runner's own timestamp, not the build's, is what later calls compare with.
    touch "$runner"
fi
exec "$runner" "$@"
