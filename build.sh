#!/usr/bin/env bash
# Runs the build: ./build.sh [target...] [--parameter value...]   (./build.sh --help lists them)
#
# The task runner is published once, ReadyToRun (compiled ahead of time, so a call does not wait for
# the JIT); later calls start it directly unless a file it is built from changed since. A call costs
# the runner's own start-up, not a build (docs/benchmarks.md, "Start-up").
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Targets resolve paths against the repository root, whatever directory the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"

folder=build/bin/runner
runner="$folder/_build"
# Written after a publish succeeds, removed before one starts: an interrupted publish is redone.
stamp="$folder/.published"
stale() {
    [ -x "$runner" ] && [ -f "$stamp" ] || return 0
    [ -n "$(find build src Directory.Build.props Directory.Packages.props global.json \
        \( -name bin -o -name obj \) -prune -o -type f -newer "$stamp" -print -quit)" ]
}
if stale; then
    rm -f "$stamp"
    log="$(mktemp)"
    if ! dotnet publish build/_build.csproj --configuration Release --use-current-runtime --self-contained false \
            --output "$folder" --nologo --verbosity quiet > "$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        exit 2
    fi
    rm -f "$log"
    touch "$stamp"
fi
exec "$runner" "$@"
