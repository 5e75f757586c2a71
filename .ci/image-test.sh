#!/usr/bin/env bash
# Builds the action's image from the real, unchanged Dockerfile and runs it the way the GitHub
# Actions runner runs a Docker action: workspace at /github/workspace, file commands under
# /github/file_commands, inputs as INPUT_<NAME>, the engine's socket at /var/run/docker.sock.
#
#   bash .ci/image-test.sh        # prints one line per step with its time; exits 1 on a failed check
#
# No registry can be reached here, so the two base images are stand-ins built under the exact names
# the Dockerfile uses, from a Debian root filesystem (.ci/containers.sh's debootstrap and cache) and
# this machine's own .NET: the SDK stand-in carries the machine's NuGet packages and no package
# source, so the build stage restores offline. Stand-ins are rebuilt only when absent or when the
# SDK, the runtime or a package pin changed. Where the base images can be pulled (GitHub's runners),
# PLUGINDB_IMAGE_PULL=1 skips the stand-ins; CONTAINER_ENGINE=docker uses Docker instead of Podman.
set -euo pipefail

# Functions and settings of containers.sh (repo_root, cache_dir, suite, socket, apt_mirror,
# debootstrap_tar, the Podman set-up, note, fail).
# shellcheck source=containers.sh
source "$(dirname "${BASH_SOURCE[0]}")/containers.sh"

readonly engine="${CONTAINER_ENGINE:-podman}"
readonly sdk_image="mcr.microsoft.com/dotnet/sdk:10.0"
readonly runtime_image="mcr.microsoft.com/dotnet/runtime:10.0"
readonly action_image="localhost/plugindb-action:test"
readonly standin_label="io.plugindb.ci.standin-key"
readonly deps_tar="$cache_dir/rootfs-$suite-dotnet-deps.tar"

checks=0
failures=0
check() {
    local what="$1"
    shift
    checks=$((checks + 1))
    if "$@"; then return 0; fi
    failures=$((failures + 1))
    echo "image-test: FAILED: $what" >&2
}

step_started=0
step() { step_started=$SECONDS; echo "image-test: $*" >&2; }
step_done() { echo "image-test:   done in $((SECONDS - step_started)) s" >&2; }

dotnet_root() { dirname "$(dirname "$(dotnet --info | awk -F': +' '/Base Path:/ { print $2; exit }')")"; }

# What a stand-in is made of; a different key rebuilds it.
standin_key() {
    {
        echo "$1"
        dotnet --list-sdks
        dotnet --list-runtimes
        if [ "$1" = sdk ]; then cat "$repo_root/Directory.Packages.props" "$repo_root"/build/*.csproj "$repo_root"/src/*/*.csproj; fi
    } | sha256sum | cut -c1-16
}

standin_current() {
    [ "$($engine image inspect --format "{{ index .Config.Labels \"$standin_label\" }}" "$1" 2> /dev/null)" = "$2" ]
}

# A root filesystem like the runtime-deps images under mcr.microsoft.com/dotnet: what .NET needs.
build_deps_rootfs() {
    debootstrap_tar "$deps_tar" ca-certificates,libicu72,libssl3,tzdata
}

# A folder holding the root filesystem, for the stand-in's files to be added to.
new_staging() {
    local staging
    staging="$(mktemp -d "$cache_dir/staging.XXXXXX")"
    tar --numeric-owner -xf "$deps_tar" -C "$staging"
    echo "$staging"
}

# Imports a staging folder as an image.
import_standin() {
    local name="$1" key="$2" staging="$3" tar
    tar="$(mktemp "$cache_dir/standin.XXXXXX.tar")"
    tar --numeric-owner -C "$staging" -cf "$tar" .
    $engine import --quiet \
        --change "LABEL $standin_label=$key" \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV DOTNET_ROOT=/usr/share/dotnet' \
        --change 'ENV DOTNET_RUNNING_IN_CONTAINER=true' \
        --change 'ENV DOTNET_CLI_TELEMETRY_OPTOUT=1' \
        --change 'ENV DOTNET_NOLOGO=1' \
        --change 'CMD ["bash"]' \
        "$tar" "$name" > /dev/null || { rm -f "$tar"; fail "$engine import of $name failed"; }
    rm -f "$tar"
}

# The runtime stand-in: the machine's host and Microsoft.NETCore.App, nothing else.
build_runtime_standin() {
    local key root staging
    key="$(standin_key runtime)"
    standin_current "$runtime_image" "$key" && return
    step "building the stand-in $runtime_image"
    build_deps_rootfs
    root="$(dotnet_root)"
    staging="$(new_staging)"
    mkdir -p "$staging/usr/share/dotnet/shared"
    cp -a "$root/dotnet" "$root/host" "$staging/usr/share/dotnet/"
    cp -a "$root/shared/Microsoft.NETCore.App" "$staging/usr/share/dotnet/shared/"
    ln -s ../share/dotnet/dotnet "$staging/usr/bin/dotnet"
    import_standin "$runtime_image" "$key" "$staging"
    rm -rf "$staging"
    step_done
}

# The SDK stand-in: the machine's whole .NET folder and its NuGet packages, and no package source,
# so a restore that needs anything not already here fails instead of reaching out.
build_sdk_standin() {
    local key root staging
    key="$(standin_key sdk)"
    standin_current "$sdk_image" "$key" && return
    step "building the stand-in $sdk_image"
    build_deps_rootfs
    # Fill the machine's package cache with everything the Dockerfile's restore asks for, restoring
    # a copy of the project files as the Dockerfile does (the checkout's obj/ folders stay as they are).
    staging="$(mktemp -d "$cache_dir/restore.XXXXXX")"
    (cd "$repo_root" && cp --parents global.json Directory.Build.props Directory.Build.targets Directory.Packages.props \
        build/_build.csproj build/Directory.Build.props src/Directory.Build.props src/*/*.csproj "$staging/")
    dotnet restore "$staging/build/_build.csproj" -r linux-x64 -p:PublishReadyToRun=true --verbosity quiet > /dev/null \
        || { rm -rf "$staging"; fail "restoring the build's packages on this machine failed"; }
    rm -rf "$staging"
    root="$(dotnet_root)"
    staging="$(new_staging)"
    mkdir -p "$staging/root/.nuget/NuGet"
    cp -a "$root" "$staging/usr/share/dotnet"
    ln -s ../share/dotnet/dotnet "$staging/usr/bin/dotnet"
    cp -a "${NUGET_PACKAGES:-$HOME/.nuget/packages}" "$staging/root/.nuget/packages"
    cat > "$staging/root/.nuget/NuGet/NuGet.Config" << 'CONFIG'
<?xml version="1.0" encoding="utf-8"?>
<configuration>
  <packageSources>
    <clear />
  </packageSources>
</configuration>
CONFIG
    import_standin "$sdk_image" "$key" "$staging"
    rm -rf "$staging"
    step_done
}

build_action_image() {
    step "building $action_image from the Dockerfile"
    local log="$cache_dir/image-build.log" mirror_args=()
    # The final stage installs Debian packages: give it this machine's mirror, not a name in the repo.
    [ "${PLUGINDB_IMAGE_PULL:-0}" = 1 ] || mirror_args=(--build-arg "APT_MIRROR=$(apt_mirror)")
    $engine build --network host "${mirror_args[@]}" -t "$action_image" -f "$repo_root/Dockerfile" "$repo_root" > "$log" 2>&1 \
        || { tail -n 30 "$log" >&2; fail "$engine build failed; see $log"; }
    step_done
}

# Runs the action's container as the runner does. Arguments: a name, the working directory, then
# INPUT_ assignments. Sets run_status, run_stdout, run_files (the mounted file-commands folder).
run_action() {
    local name="$1" working_directory="$2"
    shift 2
    run_files="$work/$name-file-commands"
    run_stdout="$work/$name.stdout"
    mkdir -p "$run_files"
    : > "$run_files/set_output"
    : > "$run_files/step_summary"
    local env_args=(
        -e GITHUB_ACTIONS=true -e CI=true
        -e GITHUB_WORKSPACE=/github/workspace
        -e GITHUB_OUTPUT=/github/file_commands/set_output
        -e GITHUB_STEP_SUMMARY=/github/file_commands/step_summary
        -e GITHUB_SHA=0123456789abcdef0123456789abcdef01234567
        -e GITHUB_REPOSITORY=sovereign/plugin-db-action
        -e GITHUB_SERVER_URL=https://github.com
        # The runner passes every input, empty or not.
        -e INPUT_TARGET=Doctor -e INPUT_POSTGRES=auto -e INPUT_POSTGRES-URL= -e INPUT_FAIL-ON=error
        -e INPUT_GITHUB-TOKEN= -e INPUT_CHECK-NAME= -e INPUT_SARIF=true -e INPUT_SHARD=
        -e "INPUT_WORKING-DIRECTORY=$working_directory"
        # No Ryuk image here (nothing can be pulled); the run removes its own containers.
        -e TESTCONTAINERS_RYUK_DISABLED=true
    )
    local input
    # INPUT_ assignments, or env:NAME=value for the runner's other variables (the event of a pull request).
    for input in "$@"; do
        case "$input" in
            env:*) env_args+=(-e "${input#env:}") ;;
            *) env_args+=(-e "INPUT_$input") ;;
        esac
    done
    step "running the action: $name"
    run_status=0
    # Host network: the sibling PostgreSQL container's published port is then on loopback, and no
    # traffic leaves it (the runner's job network is covered by the gateway check below).
    $engine run --rm --network host \
        -v "$work/workspace:/github/workspace" -v "$run_files:/github/file_commands" \
        -v "$engine_socket:/var/run/docker.sock" -w /github/workspace \
        "${env_args[@]}" "$action_image" > "$run_stdout" 2> "$work/$name.stderr" || run_status=$?
    step_done
}

output_is() { grep -qxF "$1" "$run_files/set_output"; }
stdout_has() { grep -qF -- "$1" "$run_stdout"; }
summary_has() { grep -qF -- "$1" "$run_files/step_summary"; }
show_run() { echo "--- stdout"; cat "$run_stdout"; echo "--- stderr"; cat "$work/$1.stderr"; echo "--- outputs"; cat "$run_files/set_output"; } >&2

started=$SECONDS
if [ "$engine" = podman ]; then
    install_packages
    configure_podman
    start_service
    build_image # the PostgreSQL image Testcontainers starts as a sibling
    engine_socket="$socket"
    bridge_gateway=(network inspect podman --format '{{ range .Subnets }}{{ .Gateway }}{{ end }}')
else
    # Docker (GitHub's runners): its own socket; Testcontainers pulls the PostgreSQL image.
    engine_socket=/var/run/docker.sock
    bridge_gateway=(network inspect bridge --format '{{ range .IPAM.Config }}{{ .Gateway }}{{ end }}')
fi
if [ "${PLUGINDB_IMAGE_PULL:-0}" != 1 ]; then
    build_runtime_standin
    build_sdk_standin
fi
build_action_image

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/workspace/tests/fixtures"
cp -r "$repo_root/examples" "$work/workspace/"
cp -r "$repo_root/tests/fixtures/plugins-broken" "$work/workspace/tests/fixtures/"

run_action examples . 'PLUGINS=examples/plugins/*'
check "examples: exit code 0 (was $run_status)" [ "$run_status" = 0 ]
check "examples: errors=0 in GITHUB_OUTPUT" output_is "errors=0"
check "examples: warnings output" grep -qE '^warnings=[0-9]+$' "$run_files/set_output"
check "examples: notices output" grep -qE '^notices=[0-9]+$' "$run_files/set_output"
check "examples: report-json output" output_is "report-json=artifacts/plugindb/report.json"
check "examples: summary-md output" output_is "summary-md=artifacts/plugindb/summary.md"
check "examples: sarif-file output" output_is "sarif-file=artifacts/plugindb/report.sarif"
check "examples: report.json in the workspace" [ -s "$work/workspace/artifacts/plugindb/report.json" ]
check "examples: the job summary names every plugin" summary_has "ledger"
check "examples: PostgreSQL plugin migrated in a sibling container" \
    node -e 'const r = require(process.argv[1]); const p = r.plugins.find((x) => x.id === "ledger"); process.exit(p && p.migrations.applied > 0 && p.migrations.failed === 0 ? 0 : 1)' \
    "$work/workspace/artifacts/plugindb/report.json"
check "examples: no error annotation" bash -c '! grep -q "^::error" "$0"' "$run_stdout"
[ "$failures" = 0 ] || show_run examples

before=$failures
run_action broken tests/fixtures 'PLUGINS=plugins-broken/*' 'FAIL-ON=error'
check "broken: exit code 1 (was $run_status)" [ "$run_status" = 1 ]
check "broken: errors counted in GITHUB_OUTPUT" grep -qE '^errors=[1-9][0-9]*$' "$run_files/set_output"
check "broken: report-json relative to the workspace" output_is "report-json=tests/fixtures/artifacts/plugindb/report.json"
check "broken: annotation on the manifest" stdout_has "::error file=tests/fixtures/plugins-broken/bad-manifest/plugin.json"
check "broken: annotation on the failed migration" stdout_has "::error file=tests/fixtures/plugins-broken/bad-migration/prisma/migrations/20240201000000_rename/migration.sql"
check "broken: the job summary lists the failure" summary_has "bad-migration"
[ "$failures" = "$before" ] || show_run broken

# A pull request: the workspace is a repository whose main holds a PostgreSQL plugin, the change adds
# a migration that indexes a table of the base; on the pull_request event the action compares with
# origin/<GITHUB_BASE_REF> by default and rehearses the new migration over rows.
before=$failures
mkdir -p "$work/workspace/pr/plugins"
cp -r "$repo_root/examples/plugins/ledger" "$work/workspace/pr/plugins/"
git -C "$work/workspace" init --quiet --initial-branch=main
git -C "$work/workspace" add pr
git -C "$work/workspace" -c user.name=test -c user.email=test@example.com commit --quiet -m base
git -C "$work/workspace" update-ref refs/remotes/origin/main HEAD
added="pr/plugins/ledger/prisma/migrations/29990101000000_entry_index/migration.sql"
mkdir -p "$(dirname "$work/workspace/$added")"
printf 'CREATE INDEX "Entry_memo_idx" ON "Entry"("memo");\n' > "$work/workspace/$added"
run_action pull-request pr 'PLUGINS=plugins/*' 'TARGET=Migrate' 'BASE=' 'FAIL-ON=error' \
    env:GITHUB_EVENT_NAME=pull_request env:GITHUB_BASE_REF=main env:GITHUB_HEAD_REF=change
check "pull request: exit code 0 (was $run_status)" [ "$run_status" = 0 ]
check "pull request: compared with origin/main" grep -qF "Compared with origin/main: 1 new migration" "$work/pull-request.stderr" "$run_stdout"
check "pull request: SDB403 annotation on the new migration's line" \
    grep -qE "^::warning file=$added,line=1.*SDB403" "$run_stdout"
check "pull request: the job summary shows the rehearsal" \
    grep -qE '^### ledger: 29990101000000\\?_entry\\?_index over rows' "$run_files/step_summary"
[ "$failures" = "$before" ] || show_run pull-request

# The runner puts a Docker action on the job's bridge network: the entrypoint must find that
# network's gateway through the socket. Only the engine's API is asked; no traffic goes to it.
step "checking the gateway detection on a bridge network"
expected_gateway="$($engine "${bridge_gateway[@]}" 2> /dev/null || true)"
detected_gateway="$($engine run --rm -v "$engine_socket:/var/run/docker.sock" --entrypoint node "$action_image" /opt/plugindb/docker-network.js 2> "$work/gateway.stderr" || true)"
check "gateway detection: '$detected_gateway' is the bridge gateway '$expected_gateway'" \
    [ "${detected_gateway:-none}" = "${expected_gateway:-unknown}" ]
step_done

echo "image-test: $checks checks, $failures failed, in $((SECONDS - started)) s" >&2
[ "$failures" = 0 ]
