using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Migrations;

public sealed class HistoryCacheTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("plugindb-cache-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static LocalMigration Migration(string name, string script) =>
        new(name, "/m/" + name, "/m/" + name + "/migration.sql", script, MigrationChecksum.Of(script));

    private static readonly IReadOnlyList<LocalMigration> History =
    [
        Migration("20240101000000_init", "CREATE TABLE \"User\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n"),
        Migration("20240102000000_name", "ALTER TABLE \"User\" ADD COLUMN \"name\" TEXT;\n"),
    ];

    private static readonly DatabaseSchema Schema = new(
        [
            new Table(
                "User",
                [new Column("id", "integer", false, null, ColumnIdentity.Autoincrement), new Column("name", "text", true, "'x'")],
                new PrimaryKey("User_pkey", ["id"]),
                [new UniqueConstraint("User_name_key", ["name"])],
                [new TableIndex("User_name_idx", [IndexKey.Column("name"), new IndexKey("lower(name)", IsExpression: true, Descending: true, OperatorClass: "text_pattern_ops")], false, "name IS NOT NULL", "btree")],
                [new ForeignKey("User_id_fkey", ["id"], "Other", ["id"], ReferentialAction.Cascade, ReferentialAction.SetNull)],
                [new CheckConstraint("User_id_check", "id > 0")]),
        ],
        [new EnumType("Role", ["USER", "ADMIN"])],
        [new View("Names", "SELECT name FROM \"User\"")],
        [new Sequence("User_id_seq", "integer", 1, 1, 1, 2147483647, false)]);

    private static readonly HistoryCacheEntry.Origin Origin = new("postgresql", "PostgreSQL 15.18", 2, "20240102000000_name");

    [Fact]
    public void The_key_changes_with_every_byte_name_order_provider_and_server()
    {
        var key = HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", History);
        Assert.Equal(64, key.Length);
        Assert.Equal(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [.. History]));
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 16", History));
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Sqlite, "PostgreSQL 15", History));
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [History[1], History[0]]));
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [History[0], History[1] with { Name = "20240102000000_renamed" }]));
        var edited = History[1].Script + " ";
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [History[0], History[1] with { Script = edited, Checksum = MigrationChecksum.Of(edited) }]));
        Assert.NotEqual(key, HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [History[0]]));
    }

    [Fact]
    public void An_entry_reads_back_equal_to_what_was_written()
    {
        var cache = new HistoryCache(_root);
        var key = HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", History);
        Assert.Null(cache.Read(key).Entry);
        Assert.Null(cache.Read(key).Problem);

        cache.Write(key, Origin, Schema, DateTimeOffset.UnixEpoch);

        var entry = cache.Read(key).Entry;
        Assert.NotNull(entry);
        Assert.Equal(Schema, entry.Schema);
        Assert.Equal(Origin, entry.Source);
        Assert.Equal(key, entry.Key);
        Assert.Equal(DateTimeOffset.UnixEpoch, entry.CreatedAt);
        Assert.True(File.Exists(cache.PathFor(key)));
        Assert.Single(Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories));
    }

    [Fact]
    public void A_failed_replay_reads_back_with_its_findings_placed_on_the_files_of_whoever_reads_it()
    {
        var cache = new HistoryCache(_root);
        var key = HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", History);
        var failure = Findings.FindingCodes.MigrationFailed.Create("Migration `20240102000000_name` failed at line 1: column exists.", "first",
            "plugins/first/migrations/20240102000000_name/migration.sql", 1, 13);
        var result = new MigrationOutcome(["20240101000000_init"], [], "20240102000000_name", "column exists", [failure], "At 20240101000000_init.");
        var mine = History.Select(m => m with { ScriptPath = $"/repo/plugins/first/migrations/{m.Name}/migration.sql" }).ToList();
        var theirs = History.Select(m => m with { ScriptPath = $"/repo/plugins/second/migrations/{m.Name}/migration.sql" }).ToList();

        var outcome = ReplayOutcome.Of(result, mine, "/repo");
        cache.Write(key, Origin, DatabaseSchema.Empty, DateTimeOffset.UnixEpoch, outcome);
        var read = cache.Read(key).Entry!.Outcome;

        Assert.Equal(outcome, read);
        var again = read!.ToResult("second", theirs, "/repo", "Not replayed again.");
        Assert.Equal(["20240101000000_init"], again.Applied);
        Assert.Equal(("20240102000000_name", "column exists"), (again.Failed, again.Error));
        Assert.Equal(failure with { Plugin = "second", File = "plugins/second/migrations/20240102000000_name/migration.sql" }, Assert.Single(again.Findings));
        Assert.Null(cache.Read(HistoryKey.Compute(DatabaseProvider.Postgresql, "PostgreSQL 15", [History[0]])).Entry);
    }

    [Fact]
    public void A_replay_that_says_more_of_its_datasource_than_of_its_files_is_not_kept()
    {
        var unreachable = Findings.FindingCodes.DatasourceUnreachable.Create("The server went away.", "first");

        Assert.Null(ReplayOutcome.Of(new MigrationOutcome([], [], null, "gone", [unreachable], "Unknown."), History, "/repo"));
        Assert.Null(ReplayOutcome.Of(new MigrationOutcome([], ["20240101000000_init"], null, null, [], "At init."), History, "/repo"));
    }

    [Theory]
    [InlineData("truncated")]
    [InlineData("not json")]
    [InlineData("edited schema")]
    [InlineData("other key")]
    [InlineData("missing list")]
    public void A_corrupt_or_mismatched_entry_is_a_miss_with_the_reason_and_is_overwritten(string damage)
    {
        var cache = new HistoryCache(_root);
        var key = HistoryKey.Compute(DatabaseProvider.Sqlite, "SQLite 3.46.1", History);
        var otherKey = HistoryKey.Compute(DatabaseProvider.Sqlite, "SQLite 3.46.1", [History[0]]);
        cache.Write(key, Origin, Schema, DateTimeOffset.UnixEpoch);
        var path = cache.PathFor(key);
        var text = File.ReadAllText(path);
        File.WriteAllText(path, damage switch
        {
            "truncated" => text[..(text.Length / 2)],
            "not json" => "<html>",
            "edited schema" => text.Replace("\"ADMIN\"", "\"OWNER\"", StringComparison.Ordinal),
            "other key" => text.Replace(key, otherKey, StringComparison.Ordinal),
            _ => text.Replace("\"checks\":[", "\"checks\":null,\"unknown\":[", StringComparison.Ordinal),
        });
        Assert.NotEqual(text, File.ReadAllText(path));

        var lookup = cache.Read(key);

        Assert.Null(lookup.Entry);
        Assert.Contains(path, lookup.Problem, StringComparison.Ordinal);
        cache.Write(key, Origin, Schema, DateTimeOffset.UnixEpoch);
        Assert.Equal(Schema, cache.Read(key).Entry?.Schema);
    }
}
