#!/usr/bin/env pwsh
# Runs the build: ./build.ps1 [target...] [--parameter value...]   (./build.ps1 --help lists them)
$ErrorActionPreference = 'Stop'

$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'
$env:DOTNET_SKIP_FIRST_TIME_EXPERIENCE = '1'

# Targets resolve paths against the repository root, whatever directory the script is called from.
Push-Location $PSScriptRoot
try {
    & dotnet run --project build/_build.csproj --verbosity quiet -- @args
    $code = $LASTEXITCODE
}
finally {
    Pop-Location
}
exit $code
