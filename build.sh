#!/usr/bin/env bash
# Runs the build: ./build.sh [target...] [--parameter value...]   (./build.sh --help lists them)
#
# The task runner is published once, as a native binary where a C toolchain (clang or gcc) can
# link one (no runtime start, no JIT), else ReadyToRun; later calls start it directly unless a file it
# is built from changed since. A call costs the runner's own start-up, not a build (docs/benchmarks.md,
# "Start-up"). PLUGINDB_RUNNER=readytorun publishes ReadyToRun even where a native binary could be
# linked.
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Targets resolve paths against the repository root, whatever directory the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"

folder=build/bin/runner
runner="$folder/_build"
# The stamp names the kind of runner published and carries the time its publish started; it exists
# only after the publish succeeded, so a publish that failed or was interrupted is redone, and so is
# one that a file changed during.
stamp="$folder/.published"
# Where a native publish failed, the ReadyToRun runner published instead is kept until a source
# changes, not republished on every call.
failed="$folder/.native-failed"
toolchain() { command -v clang || command -v gcc; } > /dev/null
want=native
if [ "${PLUGINDB_RUNNER:-}" = readytorun ] || ! toolchain; then
    want=readytorun
fi
stale() {
    [ -x "$runner" ] && [ -f "$stamp" ] || return 0
    local kind
    read -r kind < "$stamp" || return 0
    [ "$kind" = "$want" ] || { [ "$want" = native ] && [ -f "$failed" ]; } || return 0
    # Folders count too: deleting or renaming a file changes its folder's time.
    [ -n "$(find build src Directory.Build.props Directory.Build.targets Directory.Packages.props global.json \
        \( -name bin -o -name obj \) -prune -o -newer "$stamp" -print -quit)" ]
}
publish() {
    local kind="$1"
    shift
    rm -rf "$folder"
    mkdir -p "$folder"
    # The publish makes bin/ and obj/ beside each project it builds; made here, before the stamp's
    # time, they do not make the project's folder look changed to the next call.
    find build src -name '*.csproj' -exec sh -c 'for p; do d="${p%/*}"; mkdir -p "$d/bin" "$d/obj"; done' sh {} +
    echo "$kind" > "$started"
    dotnet publish build/_build.csproj --configuration Release --use-current-runtime \
        --output "$folder" --nologo --verbosity quiet "$@" > "$log" 2>&1
}
publish_runner() {
    started="build/bin/.publishing"
    log="$(mktemp)"
    trap 'rm -f "$log"' EXIT
    native_failed=
    if [ "$want" = native ]; then
        echo "build.sh: publishing the task runner as a native binary (once per change of its sources, 1-3 minutes)..." >&2
        if ! publish native -p:PublishAot=true; then
            echo "build.sh: the native runner could not be published; publishing it ReadyToRun instead:" >&2
            grep -E ' error ' "$log" | cut -c1-400 | head -5 >&2 || tail -5 "$log" >&2
            want=readytorun
            native_failed=1
        fi
    fi
    if [ "$want" = readytorun ] && ! publish readytorun -p:PublishReadyToRun=true --self-contained false; then
        cat "$log" >&2
        exit 2
    fi
    [ -z "$native_failed" ] || touch "$failed"
    mv "$started" "$stamp"
    rm -f "$log"
    trap - EXIT
}
if stale; then
    mkdir -p build/bin
    # One publish at a time: a call that finds another publishing waits for it, then finds the
    # runner fresh (where flock is not installed, calls must not overlap the first publish).
    if command -v flock > /dev/null; then
        exec 9> build/bin/.lock
        flock -n 9 || { echo "build.sh: waiting for another build.sh to publish the task runner..." >&2; flock 9; }
    fi
    if stale; then
        publish_runner
    fi
    exec 9>&-
fi
exec "$runner" "$@"
