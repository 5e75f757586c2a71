#!/usr/bin/env bash
# Runs the build: ./build.sh [target...] [--parameter value...]   (./build.sh --help lists them)
set -euo pipefail

export DOTNET_CLI_TELEMETRY_OPTOUT=1
export DOTNET_NOLOGO=1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

# Targets resolve paths against the repository root, whatever directory the script is called from.
cd "$(dirname "${BASH_SOURCE[0]}")"
exec dotnet run --project build/_build.csproj --verbosity quiet -- "$@"
