#!/bin/bash
# Entry point of the action's container. GitHub passes each input of action.yml as INPUT_<NAME>
# (upper case, hyphens kept: INPUT_POSTGRES-URL); each one is mapped here, explicitly, to a
# parameter of the build. Then the target runs in the working directory and the outputs are
# written to $GITHUB_OUTPUT. The exit code is the build's (0 clean, 1 findings, 2 usage, 3 infra).
set -uo pipefail

readonly app=/opt/plugindb

# Bash cannot expand a name with a hyphen; read such inputs from the environment table.
input() { printenv "INPUT_$1" || true; }

args=()
add() { [ -n "$2" ] && args+=("$1" "$2"); }

target="$(input TARGET)"
add --plugins "$(input PLUGINS)"
add --postgres "$(input POSTGRES)"
add --postgres-url "$(input POSTGRES-URL)"
add --fail-on "$(input FAIL-ON)"

add --sarif "$(input SARIF)"
add --check-name "$(input CHECK-NAME)"
add --shard "$(input SHARD)"
add --cache-dir "$(input CACHE-DIR)"
add --base "$(input BASE)"

# Secrets travel in the environment, never on a command line that other processes can read.
pass() { [ -n "$2" ] && export "$1=$2"; }
pass PLUGINDB_GITHUB_TOKEN "$(input GITHUB-TOKEN)"

workspace="${GITHUB_WORKSPACE:-$PWD}"
# The checkout belongs to the runner's user, this container runs as root: without this, git refuses
# to read the repository (--base) as "dubious ownership".
git config --global --add safe.directory "$workspace" 2> /dev/null || true
working_directory="$(input WORKING-DIRECTORY)"
cd "$workspace/${working_directory:-.}" || { echo "::error::working-directory '${working_directory}' is not a folder of the workspace."; exit 2; }

# Testcontainers runs PostgreSQL as a sibling container through the job's Docker socket; from this
# container its published port is at the job network's gateway, not at localhost.
if [ -z "${TESTCONTAINERS_HOST_OVERRIDE:-}" ] && [ -S /var/run/docker.sock ]; then
    gateway="$(node "$app/docker-network.js" /var/run/docker.sock)"
    if [ -n "$gateway" ]; then
        export TESTCONTAINERS_HOST_OVERRIDE="$gateway"
        echo "Testcontainers reaches sibling containers at $gateway (the gateway of this container's network)." >&2
    fi
fi

out="${PLUGINDB_OUT:-artifacts/plugindb}"
status=0
dotnet "$app/_build.dll" ${target:+"$target"} "${args[@]}" --out "$out" || status=$?

# Paths relative to the workspace: later steps run outside this container, where it is elsewhere.
relative() { realpath --relative-to="$workspace" "$1"; }
if [ -n "${GITHUB_OUTPUT:-}" ] && [ -f "$out/report.json" ]; then
    node -e '
        const report = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
        const count = (severity) => report.findings.filter((finding) => finding.severity === severity).length;
        console.log(`errors=${count("error")}\nwarnings=${count("warning")}\nnotices=${count("notice")}`);
    ' "$out/report.json" >> "$GITHUB_OUTPUT" || status=$((status == 0 ? 3 : status))
    {
        echo "report-json=$(relative "$out/report.json")"
        echo "summary-md=$([ -f "$out/summary.md" ] && relative "$out/summary.md")"
        echo "sarif-file=$([ -f "$out/report.sarif" ] && relative "$out/report.sarif")"
    } >> "$GITHUB_OUTPUT"
fi
exit "$status"
