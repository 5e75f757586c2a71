using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// The PostgreSQL server the migration-runner tests share: the admin URL in
/// <c>PLUGINDB_TEST_POSTGRES_URL</c> when set, else a throwaway local server (initdb into a temp folder,
/// loopback, fsync off) stopped and deleted at the end. Local servers need PostgreSQL 15's binaries in
/// the Debian location; without them the tests fail with that reason.
/// </summary>
public sealed class PgMigrateServerFixture : IAsyncLifetime
{
    private const string BinDirectory = "/usr/lib/postgresql/15/bin";
    private const string AdminPassword = "pgmigrate-admin";
    private string? _dataRoot;

    /// <summary>An Npgsql connection string of a superuser (or a role that may create roles and databases).</summary>
    public string AdminConnectionString { get; private set; } = string.Empty;

    public async Task InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("PLUGINDB_TEST_POSTGRES_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            AdminConnectionString = FromUrl(url);
            return;
        }

        _dataRoot = Directory.CreateTempSubdirectory("plugindb-pgmigrate-").FullName;
        var data = Path.Combine(_dataRoot, "data");
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        // TCP logins use SCRAM-SHA-256 (PostgreSQL 15's default), so the runner's own authentication is exercised.
        var passwordFile = Path.Combine(_dataRoot, "password");
        await File.WriteAllTextAsync(passwordFile, AdminPassword + "\n");
        if (asRoot)
        {
            await RunAsync("chown", "-R", "postgres", _dataRoot);
        }
        await RunPostgresToolAsync(asRoot, "initdb", "-D", data, "-U", "postgres", "--pwfile=" + passwordFile,
            "--auth-local=trust", "--auth-host=scram-sha-256", "--encoding=UTF8", "--locale=C.UTF-8");
        await RunPostgresToolAsync(asRoot, "pg_ctl", "-D", data, "-l", Path.Combine(_dataRoot, "server.log"), "-w", "start",
            "-o", $"-p {port} -k {_dataRoot} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=60");
        AdminConnectionString = $"Host=127.0.0.1;Port={port};Username=postgres;Password={AdminPassword};Database=postgres;Pooling=false";
    }

    public async Task DisposeAsync()
    {
        if (_dataRoot is null)
        {
            return;
        }
        await RunPostgresToolAsync(Environment.UserName == "root", "pg_ctl", "-D", Path.Combine(_dataRoot, "data"), "-m", "immediate", "-w", "stop");
        Directory.Delete(_dataRoot, recursive: true);
    }

    /// <summary>Runs SQL as the admin, in <paramref name="database"/> (default: the admin's own).</summary>
    public async Task ExecuteAsync(string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(AdminConnectionString);
        if (database is not null)
        {
            builder.Database = database;
        }
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    // postgres://user:password@host:port/database → an Npgsql connection string.
    private static string FromUrl(string url)
    {
        if (!url.Contains("://", StringComparison.Ordinal))
        {
            return url;
        }
        var uri = new Uri(url);
        var user = uri.UserInfo.Split(':', 2);
        return new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Username = Uri.UnescapeDataString(user[0]),
            Password = user.Length > 1 ? Uri.UnescapeDataString(user[1]) : null,
            Database = uri.AbsolutePath.Trim('/') is { Length: > 0 } db ? Uri.UnescapeDataString(db) : "postgres",
            Pooling = false,
        }.ConnectionString;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunPostgresToolAsync(bool asRoot, string tool, params string[] arguments) =>
        asRoot
            ? RunAsync("runuser", ["-u", "postgres", "--", Path.Combine(BinDirectory, tool), .. arguments])
            : RunAsync(Path.Combine(BinDirectory, tool), arguments);

    private static async Task RunAsync(string tool, params string[] arguments)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        // pg_ctl start leaves the server holding inherited pipes; read only what the tool itself writes.
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await error}");
        }
    }
}
