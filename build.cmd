@echo off
rem Runs the build: build.cmd [target...] [--parameter value...]   (build.cmd --help lists them)
setlocal
set DOTNET_CLI_TELEMETRY_OPTOUT=1
set DOTNET_NOLOGO=1
set DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

rem Targets resolve paths against the repository root, whatever directory the script is called from.
pushd "%~dp0"
dotnet run --project build\_build.csproj --verbosity quiet -- %*
set BUILD_EXIT_CODE=%ERRORLEVEL%
popd
exit /b %BUILD_EXIT_CODE%
