using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Drift;

/// <summary>A live database against its plugin's migrations: the schema (SDB301–303) and the applied history (SDB205–208) in one report order.</summary>
public sealed class LiveDriftCheckTests
{
    private static readonly string Root = Path.Combine(Path.GetTempPath(), "live-drift-check");
    private static readonly string PluginRoot = Path.Combine(Root, "plugins", "notes");

    private static readonly PluginManifest Manifest = new("notes", "1.0.0", 2,
        new DatabaseSection(DatabaseMode.ExclusivePostgres, DatabaseProvider.Postgresql, "notes", new MigrationsSection("migrations", null), DatabaseLimits.None),
        PluginRoot, Path.Combine(PluginRoot, "plugin.json"));

    private static LocalMigration Migration(string name, string script)
    {
        var directory = Path.Combine(PluginRoot, "migrations", name);
        return new LocalMigration(name, directory, Path.Combine(directory, "migration.sql"), script, MigrationChecksum.Of(script));
    }

    private static readonly LocalMigration Init = Migration("20240101000000_init",
        "CREATE TABLE \"Note\" (\"id\" SERIAL NOT NULL, \"title\" TEXT NOT NULL, CONSTRAINT \"Note_pkey\" PRIMARY KEY (\"id\"));\n");

    private static readonly LocalMigration Index = Migration("20240201000000_title_index", "CREATE INDEX \"Note_title_idx\" ON \"Note\"(\"title\");\n");

    private static readonly Table Note = new("Note",
        [new Column("id", "integer", false, null, ColumnIdentity.Serial), new Column("title", "text", false, null)],
        new PrimaryKey("Note_pkey", ["id"]), [], [new TableIndex("Note_title_idx", [IndexKey.Column("title")], false, null, null)], [], []);

    private static readonly DatabaseSchema Expected = new([Note], [], [], []);

    private static AppliedMigration Applied(LocalMigration migration, string? checksum = null) =>
        new(Guid.NewGuid().ToString(), checksum ?? migration.Checksum, DateTimeOffset.UnixEpoch, migration.Name, null, null, DateTimeOffset.UnixEpoch, 1);

    [Fact]
    public void A_live_database_that_matches_and_has_applied_every_migration_gives_no_finding()
    {
        var (differences, history, findings) = LiveDriftCheck.Compare(Expected, Expected, [Applied(Init), Applied(Index)], [Init, Index], Manifest, "schema notes", Root);

        Assert.Empty(differences);
        Assert.Empty(history);
        Assert.Empty(findings);
    }

    [Fact]
    public void A_missing_index_and_an_unapplied_migration_are_both_reported_the_schema_first()
    {
        var live = new DatabaseSchema([Note with { Indexes = [] }], [], [], []);

        var (differences, history, findings) = LiveDriftCheck.Compare(Expected, live, [Applied(Init)], [Init, Index], Manifest, "schema notes", Root);

        Assert.Single(differences);
        var pending = Assert.Single(history);
        Assert.Equal(FindingCodes.MigrationPending.Code, pending.Code);
        Assert.Equal([FindingCodes.LiveObjectMissing.Code, FindingCodes.MigrationPending.Code], findings.Select(f => f.Code));
        var missing = findings[0];
        Assert.Equal("notes", missing.Plugin);
        Assert.Contains("Note_title_idx", missing.Message, StringComparison.Ordinal);
        Assert.Contains("schema notes", missing.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_applied_migration_edited_since_is_SDB207_and_one_missing_from_the_repository_is_SDB206()
    {
        var gone = Migration("20231201000000_gone", "SELECT 1;\n");

        var (_, history, _) = LiveDriftCheck.Compare(Expected, Expected, [Applied(gone), Applied(Init, checksum: "0000"), Applied(Index)], [Init, Index], Manifest, "schema notes", Root);

        Assert.Equal([FindingCodes.MigrationMissingLocally.Code, FindingCodes.MigrationModified.Code], history.Select(f => f.Code).Order(StringComparer.Ordinal));
    }
}
