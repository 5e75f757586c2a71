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
# The stamp carries the time its publish started and exists only after the publish succeeded, so a
# publish that failed or was interrupted is redone, and so is one that a file changed during.
stamp="$folder/.published"
stale() {
    [ -x "$runner" ] && [ -f "$stamp" ] || return 0
    # Folders count too: deleting or renaming a file changes its folder's time.
    [ -n "$(find build src Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
        \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit)" ]
}
if stale; then
    mkdir -p "$folder"
    rm -f "$stamp"
    started="$folder/.publishing"
    touch "$started"
    log="$(mktemp)"
    if ! dotnet publish build/_build.csproj --configuration Release --use-current-runtime --self-contained false \
            --output "$folder" --nologo --verbosity quiet > "$log" 2>&1; then
        cat "$log" >&2
        rm -f "$log"
        exit 2
    fi
    rm -f "$log"
    mv "$started" "$stamp"
fi
exec "$runner" "$@"
