using System.Collections.Concurrent;
using Npgsql;
using PluginDb.Datasources.Postgres;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// The one PostgreSQL server the integration tests share, started through the product's own
/// <see cref="PostgresServerFactory"/>, so the same suite runs against every source.
/// <c>PLUGINDB_TEST_POSTGRES</c> picks it: <c>local</c> (the default), <c>testcontainers</c>, or
/// <c>url</c> with the admin URL of an existing server in <c>PLUGINDB_TEST_POSTGRES_URL</c> (an account
/// that may create databases and roles). The library reads no environment; this fixture hands it
/// <c>DOCKER_HOST</c> and <c>PATH</c>. Every source asks plugin roles for their password over TCP.
/// </summary>
/// <param name="diagnostics">Where the fixture says which server the run got (<c>-- xUnit.DiagnosticMessages=true</c> shows it).</param>
public sealed class PostgresServerFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    public const string SourceVariable = "PLUGINDB_TEST_POSTGRES";
    public const string UrlVariable = "PLUGINDB_TEST_POSTGRES_URL";

    private readonly ConcurrentBag<string> _databases = [];
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    /// <summary>A superuser's connection string (a CREATEDB and CREATEROLE account for <c>url</c>), with its password.</summary>
    public string AdminConnectionString => Server.AdminConnectionString;

    /// <summary>Where plugins reach the server: the admin connection's host and port.</summary>
    public PostgresEndpoint Endpoint => PostgresEndpoint.FromConnectionString(AdminConnectionString);

    public string AdminConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database }.ConnectionString;

    /// <summary>A new empty database (<c>t_</c> and 12 hex characters), so a test starts from PostgreSQL's own defaults.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        await ExecuteAsync($"CREATE DATABASE \"{name}\"");
        _databases.Add(name);
        return name;
    }

    /// <summary>Runs SQL as the admin, in <paramref name="database"/> (default: the admin's own).</summary>
    public Task ExecuteAsync(string sql, string? database = null) =>
        PostgresProbe.ExecuteAsync(AdminConnectionStringFor(database ?? Server.Database), sql);

    /// <summary>The source <c>PLUGINDB_TEST_POSTGRES</c> names; unset is <c>local</c>.</summary>
    public static PostgresSourceKind SourceKind(string? text) =>
        string.IsNullOrWhiteSpace(text)
            ? PostgresSourceKind.Local
            : PostgresSources.ParseKind(text) is { } kind and not PostgresSourceKind.Auto
                ? kind
                : throw new InvalidOperationException($"{SourceVariable}='{text}': expected local, testcontainers or url.");

    public async Task InitializeAsync()
    {
        var kind = SourceKind(Environment.GetEnvironmentVariable(SourceVariable));
        var url = Environment.GetEnvironmentVariable(UrlVariable);
        if (kind == PostgresSourceKind.Url && string.IsNullOrWhiteSpace(url))
        {
            throw new InvalidOperationException($"{SourceVariable}=url needs the admin URL of a server in {UrlVariable}.");
        }

        var options = new PostgresServerOptions
        {
            Url = url,
            DockerEndpoint = ContainerEngineFactAttribute.Configured,
            SearchPath = Environment.GetEnvironmentVariable("PATH"),
        };
        _server = await PostgresServerFactory.StartAsync(kind, options, CancellationToken.None);
        diagnostics.OnMessage(new DiagnosticMessage($"PostgreSQL for the integration tests: {_server.Description}, version {_server.Version}"));
    }

    public async Task DisposeAsync()
    {
        if (_server is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        // A throwaway server takes its databases with it; an existing one outlives the run, and its
        // roles (which the server drops on dispose) can only go once the databases holding their schemas have.
        if (_server.Kind == PostgresSourceKind.Url)
        {
            foreach (var database in _databases)
            {
                await ExecuteAsync($"DROP DATABASE IF EXISTS \"{database}\" WITH (FORCE)");
            }
        }

        await _server.DisposeAsync();
    }
}
