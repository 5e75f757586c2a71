using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class SecretStoreTests : IDisposable
{
    private readonly string _dataRoot = Path.Combine(Path.GetTempPath(), "plugindb-secrets-" + Guid.NewGuid().ToString("N")[..12]);

    [Fact]
    public async Task File_store_keeps_a_pgpass_line_readable_by_the_owner_only()
    {
        var store = new FileSecretStore(_dataRoot);
        var secret = new PostgresSecret("::1", 5432, "main", "plugin_ledger", "pa:ss\\word");

        await store.WriteAsync("ledger", secret, default);

        Assert.Equal("file:secrets/ledger.pgpass", store.RefFor("ledger"));
        var path = Path.Combine(_dataRoot, "secrets", "ledger.pgpass");
        Assert.Equal(path, store.PathFor("ledger"));
        Assert.Equal("\\:\\:1:5432:main:plugin_ledger:pa\\:ss\\\\word\n", await File.ReadAllTextAsync(path));
        Assert.Equal(secret, await store.ReadAsync("ledger", default));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(path)!));
        }

        await store.DeleteAsync("ledger", default);
        Assert.Null(await store.ReadAsync("ledger", default));
    }

    [Theory]
    [InlineData("../escape")]
    [InlineData("a/b")]
    [InlineData(".hidden")]
    [InlineData("")]
    public void File_store_refuses_ids_that_are_not_a_plain_file_name(string id) =>
        Assert.Throws<ArgumentException>(() => new FileSecretStore(_dataRoot).PathFor(id));

    [Fact]
    public async Task Memory_store_names_its_secrets_and_forgets_them()
    {
        var store = new InMemorySecretStore();
        var secret = new PostgresSecret("127.0.0.1", 5432, "db", "plugin_ledger", "pw");

        await store.WriteAsync("ledger", secret, default);

        Assert.Equal("memory:ledger", store.RefFor("ledger"));
        Assert.Equal(secret, await store.ReadAsync("ledger", default));
        Assert.DoesNotContain("pw", secret.ToString(), StringComparison.Ordinal);
        await store.DeleteAsync("ledger", default);
        Assert.Null(await store.ReadAsync("ledger", default));
    }

    [Fact]
    public void Passwords_are_long_url_safe_and_distinct_and_verifiers_have_the_scram_shape()
    {
        var passwords = Enumerable.Range(0, 100).Select(_ => PostgresPasswords.Generate()).ToList();

        Assert.All(passwords, p => Assert.Matches("^[A-Za-z0-9_-]{43}$", p));
        Assert.Equal(100, passwords.Distinct(StringComparer.Ordinal).Count());
        Assert.Matches(@"^SCRAM-SHA-256\$256:[A-Za-z0-9+/=]{24}\$[A-Za-z0-9+/=]{44}:[A-Za-z0-9+/=]{44}$", PostgresPasswords.ScramVerifier(passwords[0]));
    }

    public void Dispose()
    {
        if (Directory.Exists(_dataRoot))
        {
            Directory.Delete(_dataRoot, recursive: true);
        }
    }
}
