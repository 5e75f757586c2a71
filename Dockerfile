# The GitHub Action's image (action.yml: runs.using docker) and the tool's container image
# (ghcr.io/sovereign/plugin-db-action:<version>). Two stages, as dotnet/versionsweeper does: the SDK
# publishes the build, the runtime image runs it. README.md, section "GitHub Action".
ARG SDK_IMAGE=mcr.microsoft.com/dotnet/sdk:10.0
ARG RUNTIME_IMAGE=mcr.microsoft.com/dotnet/runtime:10.0

FROM ${SDK_IMAGE} AS build
WORKDIR /src
# Restore first, from the project files alone, so a change of code reuses the restored layer.
COPY global.json Directory.Build.props Directory.Build.targets Directory.Packages.props ./
COPY build/_build.csproj build/Directory.Build.props build/
COPY src/Directory.Build.props src/
COPY src/PluginDb.Core/PluginDb.Core.csproj src/PluginDb.Core/
COPY src/PluginDb.Datasources/PluginDb.Datasources.csproj src/PluginDb.Datasources/
COPY src/PluginDb.Reporting/PluginDb.Reporting.csproj src/PluginDb.Reporting/
COPY src/PluginDb.GitHub/PluginDb.GitHub.csproj src/PluginDb.GitHub/
# _build.csproj sets PublishReadyToRun, so the restore for the runtime brings the ReadyToRun compiler.
RUN dotnet restore build/_build.csproj -r linux-x64
COPY build/ build/
COPY src/ src/
# Published ReadyToRun (from _build.csproj), as ./build.sh publishes it where no C toolchain links a
# native binary: the SDK image has none (docs/benchmarks.md, "Start-up").
RUN dotnet publish build/_build.csproj --no-restore -c Release -r linux-x64 --self-contained false -o /app

FROM ${RUNTIME_IMAGE}
# Debian's URI for the packages below, for builds behind a mirror; empty keeps the image's own.
ARG APT_MIRROR=
# Node.js runs plugins' migration entry points; git reads the base of a pull request (--base);
# PostgreSQL 15's server binaries let --postgres auto
# (or local) start a throwaway server where no Docker socket is mounted. Both come from Debian at
# build time: nothing is fetched when the action runs. The package's own cluster is dead weight.
RUN set -eu; \
    if [ -n "$APT_MIRROR" ]; then \
        for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.sources /etc/apt/sources.list.d/*.list; do \
            [ -f "$f" ] || continue; \
            sed -i -E "s#^(URIs:[[:space:]]*)[^[:space:]]+/debian[[:space:]]*\$#\\1$APT_MIRROR#; s#^(deb[[:space:]]+)[^[:space:]]+/debian[[:space:]]#\\1$APT_MIRROR #" "$f"; \
        done; \
    fi; \
    apt-get update; \
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends git nodejs postgresql-15; \
    rm -rf /var/lib/apt/lists/* /var/lib/postgresql/15/main /etc/postgresql/15/main \
        /usr/share/doc /usr/share/man
LABEL org.opencontainers.image.source="https://github.com/sovereign/plugin-db-action" \
      org.opencontainers.image.description="PluginDb.Ci: checks the databases of Sovereign plugins"
COPY --from=build /app /opt/plugindb/
COPY docker/entrypoint.sh docker/docker-network.js /opt/plugindb/
# No USER: GitHub runs Docker actions as root, and the workspace they write to belongs to root.
ENTRYPOINT ["/opt/plugindb/entrypoint.sh"]
