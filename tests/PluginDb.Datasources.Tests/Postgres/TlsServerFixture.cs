using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// A PostgreSQL server of the machine's own binaries that accepts only TLS on TCP, with a certificate
/// for <c>localhost</c> signed by a test CA, and one login per password method the hand-written
/// client speaks: SCRAM-SHA-256, MD5 (a password stored as MD5, <c>md5</c> in pg_hba.conf) and
/// cleartext. Made for the TLS tests, removed with them.
/// </summary>
public sealed class TlsServerFixture : IAsyncLifetime
{
    public const string Password = "s3cret-pass";
    private const string OsUser = "postgres";
    private string _folder = "";
    private string _data = "";
    private string _bin = "";

    public int Port { get; private set; }

    /// <summary>The CA that signed the server's certificate (PEM).</summary>
    public string CaFile => Path.Combine(_folder, "ca.crt");

    /// <summary>A CA that signed nothing here (PEM).</summary>
    public string OtherCaFile => Path.Combine(_folder, "other-ca.crt");

    /// <summary>The folder of the server's Unix socket, where the superuser logs in without a password.</summary>
    public string SocketFolder => _folder;

    public async Task InitializeAsync()
    {
        _bin = await PostgresBinaries.FindAsync(null, Environment.GetEnvironmentVariable("PATH"), CancellationToken.None)
            ?? throw new InvalidOperationException("The TLS tests need PostgreSQL's server binaries (initdb, pg_ctl).");
        _folder = Directory.CreateTempSubdirectory("plugindb-tls-").FullName;
        _data = Path.Combine(_folder, "data");
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", OsUser, _folder);
        }
        await RunAsServerAsync(Path.Combine(_bin, "initdb"), "--pgdata", _data, "--username", "postgres", "--auth-local=trust", "--auth-host=reject", "--no-sync", "--no-instructions");

        var (ca, caKey) = Authority("PluginDb test CA");
        var (other, _) = Authority("Another CA");
        await File.WriteAllTextAsync(CaFile, ca.ExportCertificatePem());
        await File.WriteAllTextAsync(OtherCaFile, other.ExportCertificatePem());
        using var serverKey = RSA.Create(2048);
        var request = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        using var server = request.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(7), RandomNumberGenerator.GetBytes(8));
        await File.WriteAllTextAsync(Path.Combine(_data, "server.crt"), server.ExportCertificatePem());
        await File.WriteAllTextAsync(Path.Combine(_data, "server.key"), serverKey.ExportPkcs8PrivateKeyPem());
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path.Combine(_data, "server.key"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        caKey.Dispose();

        // TCP only with TLS, one method per login; the superuser only on the socket.
        await File.WriteAllTextAsync(Path.Combine(_data, "pg_hba.conf"), """
            local   all  postgres                  trust
            hostssl all  scram_login  127.0.0.1/32 scram-sha-256
            hostssl all  scram_login  ::1/128      scram-sha-256
            hostssl all  md5_login    127.0.0.1/32 md5
            hostssl all  md5_login    ::1/128      md5
            hostssl all  clear_login  127.0.0.1/32 password
            hostssl all  clear_login  ::1/128      password
            """);
        if (Environment.IsPrivilegedProcess)
        {
            await RunAsync("chown", "-R", OsUser, _data);
        }
        Port = FreePort();
        await RunAsServerAsync(Path.Combine(_bin, "pg_ctl"), "--pgdata", _data, "--log", Path.Combine(_folder, "server.log"), "--wait", "-o",
            $"-c port={Port.ToString(CultureInfo.InvariantCulture)} -c listen_addresses=localhost -k {_folder} -c ssl=on -c fsync=off -c dynamic_shared_memory_type=mmap", "start");

        await using var admin = await SimpleQueryConnection.OpenAsync(
            new PostgresLogin(_folder, Port, "postgres", null, "postgres"), [], CancellationToken.None);
        await admin.ExecuteEachAsync(
            [
                $"CREATE ROLE scram_login LOGIN PASSWORD '{Password}'",
                $"SET password_encryption = 'md5'; CREATE ROLE md5_login LOGIN PASSWORD '{Password}'",
                $"CREATE ROLE clear_login LOGIN PASSWORD '{Password}'",
                "CREATE SCHEMA live AUTHORIZATION scram_login",
                "SET ROLE scram_login; CREATE TABLE live.\"Note\" (\"id\" integer PRIMARY KEY, \"title\" text NOT NULL)",
            ], CancellationToken.None);
    }

    /// <summary>A login as <paramref name="user"/> over TCP to <paramref name="host"/>, in <paramref name="mode"/>.</summary>
    internal PostgresLogin Login(string user, Npgsql.SslMode mode, string host = "localhost", string? rootCertificate = null, string password = Password) =>
        new(host, Port, user, password, "postgres") { SslMode = mode, RootCertificate = rootCertificate };

    /// <summary>The same login as a connection string, for the public entry points that take one.</summary>
    public string ConnectionString(string user, Npgsql.SslMode mode, string? rootCertificate = null) =>
        new Npgsql.NpgsqlConnectionStringBuilder { Host = "localhost", Port = Port, Username = user, Password = Password, Database = "postgres", SslMode = mode, RootCertificate = rootCertificate }.ConnectionString;

    public async Task DisposeAsync()
    {
        if (File.Exists(Path.Combine(_data, "postmaster.pid")))
        {
            await RunAsServerAsync(Path.Combine(_bin, "pg_ctl"), "--pgdata", _data, "--mode", "immediate", "--wait", "stop");
        }
        Directory.Delete(_folder, recursive: true);
    }

    private static (X509Certificate2 Certificate, RSA Key) Authority(string name)
    {
        var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        return (request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30)), key);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    // PostgreSQL refuses to run as root: its tools run as the postgres account then.
    private Task RunAsServerAsync(params string[] command) =>
        Environment.IsPrivilegedProcess ? RunAsync("runuser", ["-u", OsUser, "--", .. command]) : RunAsync(command[0], command[1..]);

    private async Task RunAsync(string file, params string[] arguments)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = _folder };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await output}{errors}");
        }
    }
}
