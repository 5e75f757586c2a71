using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// A throwaway server from the machine's own binaries: <c>initdb</c> into a new temporary folder (in
/// memory where the machine has room, see <see cref="ThrowawayFolders"/>), a
/// free loopback port, durability off, <see cref="PostgresSources.ThrowawayMaxConnections"/> connections,
/// started and stopped with <c>pg_ctl</c>; the folder is removed on dispose. Every login needs its
/// password (SCRAM-SHA-256), over TCP and over the socket alike, as on a production server. As root it runs the server as an unprivileged account (<c>postgres</c>), since
/// PostgreSQL refuses to run as root. Immutable: each <c>With…</c> returns a new source.
/// </summary>
public sealed class LocalPostgresSource : IPostgresServerSource
{
    private const string Superuser = "postgres";
    private const int PortAttempts = 3;

    /// <summary>How long a cancelled start waits for a running <c>initdb</c> to finish before killing it.</summary>
    private static readonly TimeSpan InitdbGrace = TimeSpan.FromSeconds(10);

    private readonly Settings _settings;

    public LocalPostgresSource()
        : this(new Settings(null, null, "postgres", TimeSpan.FromSeconds(60)))
    {
    }

    private LocalPostgresSource(Settings settings) => _settings = settings;

    public string Name => PostgresSources.Local;

    /// <summary>The folder of <c>initdb</c> and <c>pg_ctl</c>; without one, <see cref="PostgresBinaries.FindAsync"/> looks.</summary>
    public LocalPostgresSource WithBinDirectory(string? binDirectory) => new(_settings with { BinDirectory = binDirectory });

    /// <summary>The PATH value searched for the binaries when no folder is given.</summary>
    public LocalPostgresSource WithSearchPath(string? searchPath) => new(_settings with { SearchPath = searchPath });

    /// <summary>Where the server's temporary folder is made; by default <see cref="ThrowawayFolders.Root"/>.</summary>
    public LocalPostgresSource WithTempRoot(string? tempRoot) => new(_settings with { TempRoot = tempRoot });

    /// <summary>The account the server runs as when this process is root.</summary>
    public LocalPostgresSource WithOsUser(string osUser)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(osUser);
        return new(_settings with { OsUser = osUser });
    }

    public LocalPostgresSource WithStartupTimeout(TimeSpan timeout) => new(_settings with { StartupTimeout = timeout });

    /// <summary>From <c>postgres --version</c> of the binaries <see cref="StartAsync(CancellationToken)"/> would use.</summary>
    public async Task<int?> PeekMajorVersionAsync(CancellationToken cancellationToken)
    {
        if (await PostgresBinaries.FindAsync(_settings.BinDirectory, _settings.SearchPath, cancellationToken) is not { } bin)
        {
            return null;
        }
        var version = await ProcessRunner.RunAsync([Path.Combine(bin, "postgres"), "--version"], null, cancellationToken);
        return version.Succeeded ? PostgresVersions.OfServerBinary(version.Output) : null;
    }

    public async Task<PostgresServer> StartAsync(CancellationToken cancellationToken)
    {
        var binDirectory = await PostgresBinaries.FindAsync(_settings.BinDirectory, _settings.SearchPath, cancellationToken)
            ?? throw new PostgresBinariesNotFoundException(PostgresBinaries.NotFoundMessage(_settings.BinDirectory));
        var osUser = Environment.IsPrivilegedProcess ? _settings.OsUser : null;
        if (osUser is not null && !(await ProcessRunner.RunAsync(["id", "-u", osUser], null, cancellationToken)).Succeeded)
        {
            throw new PostgresSourceUnavailableException(
                $"PostgreSQL refuses to run as root and there is no '{osUser}' account to run it as. Create one (apt-get install postgresql does) or run as an unprivileged user.");
        }

        return await ServerStart.RunAsync(
            Name, _settings.StartupTimeout, (teardown, ct) => StartAsync(new Layout(binDirectory, osUser), teardown, ct), cancellationToken);
    }

    private async Task<PostgresServer> StartAsync(Layout layout, Teardown teardown, CancellationToken cancellationToken)
    {
        var runId = PostgresSources.NewRunId();
        var folder = Path.Combine(_settings.TempRoot ?? ThrowawayFolders.Root(), "plugindb-postgres-" + runId);
        CreatePrivateDirectory(folder);
        teardown.Add($"remove {folder}", () => Task.Run(() => Directory.Delete(folder, recursive: true), CancellationToken.None));
        if (layout.OsUser is not null)
        {
            await RunAsync(["chown", layout.OsUser, folder], folder, "hand the folder to " + layout.OsUser, cancellationToken);
        }

        var password = PostgresSources.NewPassword();
        var passwordFile = Path.Combine(folder, "password");
        await File.WriteAllTextAsync(passwordFile, password + "\n", cancellationToken);
        var data = Path.Combine(folder, "data");
        // initdb's bootstrap backends make POSIX shared memory (/dev/shm/PostgreSQL.*) that one killed
        // mid-way leaves behind for good, and PostgreSQL 15's initdb cannot be told otherwise. So a
        // cancelled start lets initdb finish (a second or two), and kills it only when it has not
        // within InitdbGrace; the folder goes with the teardown either way.
        using (var initdb = new CancellationTokenSource())
        using (cancellationToken.Register(() => initdb.CancelAfter(InitdbGrace)))
        {
            await RunAsync(
                layout.Command("initdb", "--pgdata", data, "--username", Superuser, "--pwfile", passwordFile,
                    "--auth-local=scram-sha-256", "--auth-host=scram-sha-256", "--encoding=UTF8", "--no-locale", "--no-sync", "--no-instructions"),
                folder, "initdb", initdb.Token);
        }
        cancellationToken.ThrowIfCancellationRequested();
        File.Delete(passwordFile);

        // Registered before pg_ctl runs: a start cancelled half-way can leave a postmaster behind.
        teardown.Add("stop the server", () => StopAsync(layout, data, folder));
        var port = await StartServerAsync(layout, folder, data, cancellationToken);

        var connectionString = new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = port,
            Username = Superuser,
            Password = password,
            Database = "postgres",
        }.ConnectionString;
        var version = await ServerStart.WaitUntilReadyAsync(connectionString, cancellationToken);
        var description = $"{Name}: {layout.BinDirectory} on {IPAddress.Loopback}:{port}";
        return new PostgresServer(PostgresSourceKind.Local, runId, connectionString, version, description, new ConcurrentDictionary<string, bool>(), teardown);
    }

    private static async Task<int> StartServerAsync(Layout layout, string folder, string data, CancellationToken cancellationToken)
    {
        var log = Path.Combine(folder, "server.log");
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            // pg_ctl hands -o to a shell, hence the quoted socket folder.
            var options = string.Join(' ',
                $"-c port={port.ToString(CultureInfo.InvariantCulture)}",
                "-c listen_addresses=127.0.0.1",
                $"-k '{folder.Replace("'", "'\\''", StringComparison.Ordinal)}'",
                "-c fsync=off -c synchronous_commit=off -c full_page_writes=off",
                // Dynamic shared memory as files in the data folder, not /dev/shm: a server that dies
                // leaves its segments where removing the folder removes them.
                "-c dynamic_shared_memory_type=mmap",
                $"-c max_connections={PostgresSources.ThrowawayMaxConnections.ToString(CultureInfo.InvariantCulture)}");
            var started = await ProcessRunner.RunAsync(
                layout.Command("pg_ctl", "--pgdata", data, "--log", log, "--wait", "--timeout", "3600", "-o", options, "start"),
                folder, cancellationToken);
            if (started.Succeeded)
            {
                return port;
            }

            var serverLog = File.Exists(log) ? await File.ReadAllTextAsync(log, cancellationToken) : string.Empty;
            // Another process may take the port between choosing it and the server binding it.
            if (attempt == PortAttempts || !serverLog.Contains("could not bind", StringComparison.Ordinal))
            {
                throw new PostgresStartupException($"pg_ctl could not start the server: {started.Output}\n{serverLog}".Trim());
            }
        }
    }

    private static async Task StopAsync(Layout layout, string data, string folder)
    {
        var pidFile = Path.Combine(data, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }
        var postmaster = PostmasterFile.Read(pidFile);
        if (postmaster is { ProcessId: var pid } && !PostmasterFile.IsAlive(pid))
        {
            // The server died (killed, or out of memory): pg_ctl has nothing to stop, its backends end
            // on their own, and of what it made only the System V segment outlives the folder.
            if (postmaster.SharedMemoryId is { } id)
            {
                await ProcessRunner.RunAsync(["ipcrm", "-m", id.ToString(CultureInfo.InvariantCulture)], folder, CancellationToken.None);
            }
            return;
        }

        var stopped = await ProcessRunner.RunAsync(
            layout.Command("pg_ctl", "--pgdata", data, "--mode", "immediate", "--wait", "stop"), folder, CancellationToken.None);
        if (!stopped.Succeeded && File.Exists(pidFile))
        {
            throw new PostgresServerException($"pg_ctl could not stop the server in {data}: {stopped.Output}");
        }
    }

    private static async Task RunAsync(IReadOnlyList<string> command, string folder, string what, CancellationToken cancellationToken)
    {
        var result = await ProcessRunner.RunAsync(command, folder, cancellationToken);
        if (!result.Succeeded)
        {
            throw new PostgresStartupException($"{what} failed (exit code {result.ExitCode}): {result.Output}");
        }
    }

    // The folder holds the server's socket and, briefly, the superuser's password.
    private static void CreatePrivateDirectory(string folder)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(folder);
        }
        else
        {
            Directory.CreateDirectory(folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record Layout(string BinDirectory, string? OsUser)
    {
        /// <summary>A server tool's command line, run as <see cref="OsUser"/> when there is one.</summary>
        public IReadOnlyList<string> Command(string tool, params string[] arguments)
        {
            string[] command = [Path.Combine(BinDirectory, tool), .. arguments];
            return OsUser is null ? command : ["runuser", "-u", OsUser, "--", .. command];
        }
    }

    private sealed record Settings(string? BinDirectory, string? TempRoot, string OsUser, TimeSpan StartupTimeout, string? SearchPath = null);
}
