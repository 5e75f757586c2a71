namespace PluginDb.Datasources.Postgres;

/// <summary>Picks the source for <c>--postgres</c> and starts the run's one server.</summary>
public static class PostgresServerFactory
{
    /// <summary>Starts a server from the source <see cref="SelectAsync"/> picks; the server's <see cref="PostgresServer.Description"/> reports which.</summary>
    public static async Task<PostgresServer> StartAsync(PostgresSourceKind kind, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        var source = await SelectAsync(kind, options, cancellationToken);
        return await source.StartAsync(cancellationToken);
    }

    /// <summary>
    /// The source for <paramref name="kind"/>. <see cref="PostgresSourceKind.Auto"/> takes the URL if
    /// one is given, else Testcontainers when an engine answers, else local binaries.
    /// </summary>
    /// <exception cref="PostgresSourceUnavailableException">No source can provide a server; the message says how to get one.</exception>
    public static async Task<IPostgresServerSource> SelectAsync(PostgresSourceKind kind, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        switch (kind)
        {
            case PostgresSourceKind.Url:
                return Url(options) ?? throw new PostgresSourceUnavailableException("--postgres url needs --postgres-url <url>.");
            case PostgresSourceKind.Testcontainers:
                return Testcontainers(options, options.DockerEndpoint);
            case PostgresSourceKind.Local:
                return Local(options);
        }

        if (Url(options) is { } url)
        {
            return url;
        }

        if (await ContainerEngineProbe.FindAsync(options.DockerEndpoint, options.EngineProbeTimeout, cancellationToken) is { } endpoint)
        {
            return Testcontainers(options, endpoint);
        }

        if (await PostgresBinaries.FindAsync(options.LocalBinDirectory, options.SearchPath, cancellationToken) is not null)
        {
            return Local(options);
        }

        throw new PostgresSourceUnavailableException(
            "No PostgreSQL server for this run: no --postgres-url was given, no Docker-API engine answered at " +
            string.Join(", ", ContainerEngineProbe.Candidates(options.DockerEndpoint)) +
            ", and no server binaries (initdb, pg_ctl) were found" +
            (options.LocalBinDirectory is null ? " via pg_config, PATH or /usr/lib/postgresql/*/bin. " : $" in {options.LocalBinDirectory}. ") +
            PostgresSources.HowToGetOne);
    }

    /// <summary>
    /// The PostgreSQL major version the source <paramref name="kind"/> would give, found without
    /// starting a server: a URL's server is asked (one connection), a container's from its image tag,
    /// local binaries from <c>postgres --version</c>. Null when it cannot be told that way (an image
    /// tag without a version, an unreachable URL, no source at all); the run then starts its server
    /// and reads the version there.
    /// </summary>
    public static async Task<int?> PeekMajorVersionAsync(PostgresSourceKind kind, PostgresServerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (kind is PostgresSourceKind.Url or PostgresSourceKind.Auto && !string.IsNullOrWhiteSpace(options.Url))
        {
            try
            {
                // The session's start reports server_version; no query, and none of Npgsql's first-connection cost.
                var settings = PostgresConnectionStrings.Parse(options.Url);
                settings.Timeout = 5;
                var connection = await SimpleQueryConnection.OpenAsync(settings, cancellationToken);
                await using (connection)
                {
                    return connection.ServerParameters.TryGetValue("server_version", out var reported) ? LeadingNumber(reported) : null;
                }
            }
            catch (Exception exception) when (exception is PostgresProtocolException or ArgumentException or IOException
                                                  or System.Net.Sockets.SocketException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
            {
                return cancellationToken.IsCancellationRequested ? throw new OperationCanceledException(cancellationToken) : null;
            }
        }
        var local = kind == PostgresSourceKind.Local
            || (kind == PostgresSourceKind.Auto
                && await ContainerEngineProbe.FindAsync(options.DockerEndpoint, options.EngineProbeTimeout, cancellationToken) is null);
        if (!local)
        {
            return kind is PostgresSourceKind.Testcontainers or PostgresSourceKind.Auto ? ImageMajorVersion(options.Image) : null;
        }
        if (await PostgresBinaries.FindAsync(options.LocalBinDirectory, options.SearchPath, cancellationToken) is not { } bin)
        {
            return null;
        }
        var version = await ProcessRunner.RunAsync([Path.Combine(bin, "postgres"), "--version"], null, cancellationToken);
        // "postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"
        var marker = version.Output.IndexOf(") ", StringComparison.Ordinal);
        return version.Succeeded && marker > 0 ? LeadingNumber(version.Output[(marker + 2)..]) : null;
    }

    /// <summary>The major version at the start of a version text: <c>15.18 (Debian …)</c> → 15.</summary>
    private static int? LeadingNumber(string text)
    {
        var digits = text.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 ? int.Parse(text[..digits], System.Globalization.CultureInfo.InvariantCulture) : null;
    }

    /// <summary>The major version in an image reference's tag (<c>postgres:15.18</c>, <c>postgres:16-alpine</c>), or null.</summary>
    public static int? ImageMajorVersion(string image)
    {
        ArgumentNullException.ThrowIfNull(image);
        var name = image.Split('@')[0];
        var colon = name.LastIndexOf(':');
        if (colon < 0 || colon < name.LastIndexOf('/'))
        {
            return null;
        }
        var tag = name[(colon + 1)..];
        var digits = tag.TakeWhile(char.IsAsciiDigit).Count();
        return digits > 0 && (digits == tag.Length || tag[digits] is '.' or '-') ? LeadingNumber(tag) : null;
    }

    private static UrlPostgresSource? Url(PostgresServerOptions options) =>
        string.IsNullOrWhiteSpace(options.Url) ? null : new UrlPostgresSource(options.Url).WithStartupTimeout(options.UrlReachTimeout);

    private static TestcontainersPostgresSource Testcontainers(PostgresServerOptions options, Uri? endpoint) =>
        new TestcontainersPostgresSource()
            .WithImage(options.Image)
            .WithDockerEndpoint(endpoint)
            .WithEngineProbeTimeout(options.EngineProbeTimeout)
            .WithStartupTimeout(options.StartupTimeout);

    private static LocalPostgresSource Local(PostgresServerOptions options) =>
        new LocalPostgresSource()
            .WithBinDirectory(options.LocalBinDirectory)
            .WithSearchPath(options.SearchPath)
            .WithTempRoot(options.TempRoot)
            .WithStartupTimeout(options.StartupTimeout);
}
