using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// A throwaway PostgreSQL server for these tests: initdb into a temporary folder, loopback only,
/// fsync off. The admin (postgres) logs in without a password; every other role needs its
/// SCRAM password, as in production. Test-only; the pipeline's server sources replace it.
/// </summary>
public sealed class LocalTestServer : IAsyncLifetime
{
    private const string Host = "127.0.0.1";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "plugindb-pg-" + Guid.NewGuid().ToString("N")[..12]);
    private string _bin = "";
    private bool _started;

    public int Port { get; private set; }

    /// <summary>The superuser's connection string for <paramref name="database"/>.</summary>
    public string AdminConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = Host, Port = Port, Database = database, Username = "postgres",
    }.ConnectionString;

    /// <summary>A new empty database, so each test starts from PostgreSQL's own defaults.</summary>
    public async Task<string> CreateDatabaseAsync()
    {
        var name = "t_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(AdminConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return name;
    }

    public async Task InitializeAsync()
    {
        _bin = Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")))
            .OrderByDescending(d => int.Parse(Path.GetFileName(Path.GetDirectoryName(d))!, CultureInfo.InvariantCulture))
            .FirstOrDefault() ?? throw new InvalidOperationException("No PostgreSQL server binaries under /usr/lib/postgresql.");
        var data = Path.Combine(_root, "data");
        Directory.CreateDirectory(_root);
        // The server refuses to run as root; hand the folder to the postgres user and run as it.
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", "postgres:postgres", _root);
        }
        await RunAsServerUserAsync(Path.Combine(_bin, "initdb"), "-D", data, "-U", "postgres", "--auth=trust", "--no-sync");
        await File.WriteAllTextAsync(Path.Combine(data, "pg_hba.conf"), $"""
            local all postgres trust
            host  all postgres {Host}/32 trust
            host  all all      {Host}/32 scram-sha-256

            """);
        Port = FreePort();
        await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), "-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-o",
            $"-p {Port} -k {_root} -c listen_addresses={Host} -c fsync=off -c max_connections=200", "start");
        _started = true;
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (_started)
        {
            await RunAsServerUserAsync(Path.Combine(_bin, "pg_ctl"), "-D", Path.Combine(_root, "data"), "-m", "immediate", "-w", "stop");
        }
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static Task RunAsServerUserAsync(string file, params string[] arguments) =>
        Environment.UserName == "root" ? RunAsync("runuser", ["-u", "postgres", "--", file, .. arguments]) : RunAsync(file, arguments);

    private static async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = Path.GetTempPath() };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} exited with {process.ExitCode}: {await output}{await error}");
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<LocalTestServer>
{
    public const string Name = "postgres";
}
