using System.Globalization;
using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Benchmarks;

/// <summary>
/// The PostgreSQL server the whole-process benchmarks point every command at: the one of
/// <c>--postgres-url</c>, or one the local source starts for the benchmark (outside every timing).
/// </summary>
internal sealed class BenchmarkServer : IAsyncDisposable
{
    private readonly PostgresServer? _started;

    private BenchmarkServer(string adminUrl, string description, PostgresServer? started)
    {
        AdminUrl = adminUrl;
        Description = description;
        _started = started;
    }

    /// <summary>The admin URL as libpq and Prisma take it.</summary>
    public string AdminUrl { get; }

    /// <summary>Where the server came from, for the line under a table.</summary>
    public string Description { get; }

    /// <summary>What points a run of ours at this server.</summary>
    public IReadOnlyList<string> RunnerArguments => ["--postgres", "url", "--postgres-url", AdminUrl];

    public static async Task<BenchmarkServer> ObtainAsync(string? adminUrl, PostgresServerOptions options, string mode, CancellationToken cancellationToken)
    {
        if (adminUrl is not null)
        {
            return new BenchmarkServer(ToUrl(PostgresConnectionStrings.Parse(adminUrl)), "PostgreSQL at the given --postgres-url", null);
        }
        Progress.Log($"{mode}: starting a PostgreSQL server (local source; not timed)");
        var server = await PostgresServerFactory.StartAsync(PostgresSourceKind.Local, options, cancellationToken);
        return new BenchmarkServer(
            ToUrl(PostgresConnectionStrings.Parse(server.AdminConnectionString)),
            $"PostgreSQL {server.Version} from the local source, started for the benchmark",
            server);
    }

    /// <summary>The database the admin URL connects to.</summary>
    public string AdminDatabase => PostgresConnectionStrings.Parse(AdminUrl).Database ?? "postgres";

    /// <summary>The admin URL with another database.</summary>
    public string UrlOf(string database)
    {
        var target = PostgresConnectionStrings.Parse(AdminUrl);
        target.Database = database;
        return ToUrl(target);
    }

    public async Task ExecuteAsync(string sql, CancellationToken cancellationToken)
    {
        await using var connection = new NpgsqlConnection(PostgresConnectionStrings.Parse(AdminUrl).ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }

    /// <summary>A libpq/Prisma URL for a server address.</summary>
    private static string ToUrl(NpgsqlConnectionStringBuilder builder)
    {
        var user = Uri.EscapeDataString(builder.Username ?? "postgres");
        var password = builder.Password is { Length: > 0 } pw ? ":" + Uri.EscapeDataString(pw) : "";
        var host = builder.Host is { } h && h.Contains(':', StringComparison.Ordinal) ? $"[{h}]" : builder.Host;
        return string.Create(CultureInfo.InvariantCulture, $"postgresql://{user}{password}@{host}:{builder.Port}/{Uri.EscapeDataString(builder.Database ?? "postgres")}");
    }
}
