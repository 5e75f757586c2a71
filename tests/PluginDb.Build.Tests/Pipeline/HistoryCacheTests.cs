using System.Text.Json;

namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// No history replayed twice: a Drift run takes the schema of an unchanged history from the cache, a
/// fleet sharing a history replays it once, and anything that changes the history, or damages the
/// cache, makes the run replay it — with the same findings either way.
/// </summary>
public sealed class HistoryCacheTests : IDisposable
{
    private const string Init =
        "-- CreateTable\nCREATE TABLE \"Note\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"body\" TEXT NOT NULL\n);\n";

    // Declares a field no migration creates, so every check has a finding to compare.
    private const string Schema = """
        datasource db {
          provider = "sqlite"
          url      = env("PLUGIN_DATABASE_URL")
        }

        model Note {
          id    Int     @id @default(autoincrement())
          body  String
          title String?
        }

        """;

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private void Plugin(string id)
    {
        _workspace.SqlitePlugin(id, ("20240101000000_init", Init));
        _workspace.Write($"plugins/{id}/schema.prisma", Schema);
    }

    private string CacheDir => _workspace.PathOf("data/cache");

    private string[] CacheFiles() =>
        Directory.Exists(CacheDir) ? Directory.GetFiles(CacheDir, "*.json", SearchOption.AllDirectories) : [];

    private static string Show(JsonElement finding) =>
        $"{finding.GetProperty("code").GetString()} {finding.GetProperty("plugin").GetString()} {finding.GetProperty("file").GetString()}:{finding.GetProperty("line")} {finding.GetProperty("message").GetString()}";

    private string[] Findings() => [.. _workspace.Findings().Select(Show)];

    // A history that fails is a verdict on its files like any other: replaying it again would only fail the same way.
    [Fact]
    public async Task A_history_that_fails_is_cached_too_and_its_findings_come_back_on_each_plugins_own_files()
    {
        const string Broken = "CREATE TABLE \"Tag\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n\nCREATE TABLE \"Note\" (\"id\" INTEGER);\n";
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init), ("20240102000000_broken", Broken));
        _workspace.SqlitePlugin("jots", ("20240101000000_init", Init), ("20240102000000_broken", Broken));

        var cold = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");
        var coldFindings = Findings();
        var warm = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal((1, 1), (cold.ExitCode, warm.ExitCode));
        Assert.Equal(
            ["SDB201 jots plugins/jots/migrations/20240102000000_broken/migration.sql:3", "SDB201 notes plugins/notes/migrations/20240102000000_broken/migration.sql:3"],
            coldFindings.Select(f => f[..f.IndexOf(' ', f.IndexOf(':', StringComparison.Ordinal))]).Order(StringComparer.Ordinal));
        Assert.Equal(coldFindings, Findings());
        Assert.Single(CacheFiles());
        Assert.DoesNotContain("migrating", warm.Stderr, StringComparison.Ordinal);
        Assert.All(["notes", "jots"], id => Assert.Contains(_workspace.AuditDetails(id), d => d.Contains("outcome taken from the history cache", StringComparison.Ordinal)));
        var plugins = _workspace.Report().GetProperty("plugins").EnumerateArray().ToList();
        Assert.All(plugins, p => Assert.Equal((1, 1), (p.GetProperty("migrations").GetProperty("applied").GetInt32(), p.GetProperty("migrations").GetProperty("failed").GetInt32())));
    }

    [Fact]
    public async Task A_second_drift_check_of_an_unchanged_history_replays_nothing_and_finds_the_same()
    {
        Plugin("notes");

        var cold = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");
        var coldFindings = Findings();
        var warm = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(1, cold.ExitCode);
        Assert.Equal(1, warm.ExitCode);
        Assert.Contains(coldFindings, f => f.StartsWith("SDB310 notes plugins/notes/schema.prisma:9", StringComparison.Ordinal));
        Assert.Equal(coldFindings, Findings());
        Assert.Single(CacheFiles());
        Assert.Contains(_workspace.AuditDetails("notes"), d => d.Contains("from the history cache", StringComparison.Ordinal));
        Assert.DoesNotContain(_workspace.AuditDetails("notes"), d => d.Contains("applied", StringComparison.Ordinal));
        Assert.DoesNotContain("migrating notes", warm.Stderr, StringComparison.Ordinal);
        Assert.Equal("cache", _workspace.Report().GetProperty("plugins")[0].GetProperty("serverSource").GetString());
    }

    [Fact]
    public async Task A_changed_byte_in_a_migration_is_replayed()
    {
        Plugin("notes");
        await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        // The edit adds the column the schema declares, so the replay, not the cache, must answer.
        _workspace.Write("plugins/notes/migrations/20240101000000_init/migration.sql", Init.Replace("\"body\" TEXT NOT NULL\n", "\"body\" TEXT NOT NULL,\n    \"title\" TEXT\n", StringComparison.Ordinal));
        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(_workspace.Findings());
        Assert.Contains(_workspace.AuditDetails("notes"), d => d.StartsWith("1 applied", StringComparison.Ordinal));
        Assert.Equal(2, CacheFiles().Length);
    }

    [Fact]
    public async Task A_damaged_entry_is_not_trusted_but_replayed_and_rewritten()
    {
        Plugin("notes");
        await _workspace.RunAsync("Drift", "--plugins", "plugins/*");
        var coldFindings = Findings();
        var entry = Assert.Single(CacheFiles());
        // A well-formed entry that claims the column exists: only the checksum tells it was edited.
        File.WriteAllText(entry, File.ReadAllText(entry).Replace("\"name\":\"body\"", "\"name\":\"title\"", StringComparison.Ordinal));

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("does not match its own checksum", run.Stderr, StringComparison.Ordinal);
        Assert.Equal(coldFindings, Findings());
        Assert.Contains(_workspace.AuditDetails("notes"), d => d.StartsWith("1 applied", StringComparison.Ordinal));
        Assert.DoesNotContain("\"name\":\"title\",\"type\":\"text\",\"nullable\":false", File.ReadAllText(entry), StringComparison.Ordinal);
    }

    [Fact]
    public async Task No_cache_reads_and_writes_nothing_and_cache_dir_moves_it()
    {
        Plugin("notes");

        await _workspace.RunAsync("Drift", "--plugins", "plugins/*", "--no-cache");
        Assert.Empty(CacheFiles());

        await _workspace.RunAsync("Drift", "--plugins", "plugins/*", "--cache-dir", "elsewhere");
        Assert.Empty(CacheFiles());
        Assert.Single(Directory.GetFiles(_workspace.PathOf("elsewhere"), "*.json", SearchOption.AllDirectories));
    }

    [Fact]
    public async Task Doctor_still_replays_into_a_real_datasource_and_fills_the_cache()
    {
        Plugin("notes");
        await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        var run = await _workspace.RunAsync("Doctor", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains(_workspace.AuditDetails("notes"), d => d.StartsWith("1 applied", StringComparison.Ordinal));
        var plugin = _workspace.Report().GetProperty("plugins")[0];
        Assert.Equal("file", plugin.GetProperty("serverSource").GetString());
        Assert.True(plugin.GetProperty("sizeBytes").GetInt64() > 0);
    }

    [Fact]
    public async Task A_fleet_sharing_a_history_replays_it_once_and_reports_in_plugin_order()
    {
        foreach (var id in new[] { "alpha", "beta", "gamma", "delta" })
        {
            Plugin(id);
        }

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*", "--no-cache");

        Assert.Equal(1, run.ExitCode);
        var replayed = new[] { "alpha", "beta", "delta", "gamma" }
            .Where(id => _workspace.AuditDetails(id).Any(d => d.StartsWith("1 applied", StringComparison.Ordinal))).ToList();
        var leader = Assert.Single(replayed);
        foreach (var id in new[] { "alpha", "beta", "delta", "gamma" }.Where(id => id != leader))
        {
            Assert.Contains(_workspace.AuditDetails(id), d => d.Contains($"from the replay of the same migrations for {leader}", StringComparison.Ordinal));
        }
        Assert.Equal(
            ["alpha", "beta", "delta", "gamma"],
            _workspace.Findings().Where(f => f.GetProperty("code").GetString() == "SDB310").Select(f => f.GetProperty("plugin").GetString()));
        Assert.Equal(
            ["alpha", "beta", "delta", "gamma"],
            run.Stderr.Split('\n').Where(l => l.StartsWith("Drift: ", StringComparison.Ordinal) && l.Contains("schema.prisma", StringComparison.Ordinal))
                .Select(l => l["Drift: ".Length..l.IndexOf(':', "Drift: ".Length)]));
    }

    [Fact]
    public async Task Doctor_clones_a_shared_sqlite_history_from_its_first_replay()
    {
        foreach (var id in new[] { "alpha", "beta", "gamma" })
        {
            Plugin(id);
        }

        var run = await _workspace.RunAsync("Doctor", "--plugins", "plugins/*", "--no-cache", "--data-root", "kept");

        Assert.Equal(1, run.ExitCode);
        var ids = new[] { "alpha", "beta", "gamma" };
        var leader = Assert.Single(ids, id => _workspace.AuditDetails(id).Any(d => d.StartsWith("1 applied", StringComparison.Ordinal)));
        foreach (var id in ids.Where(id => id != leader))
        {
            Assert.Contains(_workspace.AuditDetails(id), d => d.Contains($"database file cloned from the replay for {leader}", StringComparison.Ordinal));
            Assert.Equal(
                File.ReadAllBytes(_workspace.PathOf($"kept/plugins/{leader}.db")),
                File.ReadAllBytes(_workspace.PathOf($"kept/plugins/{id}.db")));
        }
        var plugins = _workspace.Report().GetProperty("plugins").EnumerateArray().ToList();
        Assert.All(plugins, p => Assert.Equal(1, p.GetProperty("migrations").GetProperty("applied").GetInt32()));
        Assert.All(plugins, p => Assert.True(p.GetProperty("sizeBytes").GetInt64() > 0));
        Assert.Equal(3, _workspace.Findings().Count(f => f.GetProperty("code").GetString() == "SDB310"));
    }
}
