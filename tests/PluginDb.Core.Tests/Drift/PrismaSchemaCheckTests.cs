using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;
using PluginDb.Core.Tests.Manifests;

namespace PluginDb.Core.Tests.Drift;

/// <summary>
/// The schema.prisma check as a pipeline calls it: from a plugin folder on disk, read and checked
/// against the manifest before any replay, then compared with the schema the replay produced
/// (SDB310–313), with paths shown from the run's base.
/// </summary>
public sealed class PrismaSchemaCheckTests : IDisposable
{
    private readonly TempFolder temp = new();

    public void Dispose() => temp.Dispose();

    private const string Manifest = """
        {
          "id": "notes",
          "sovereign": {
            "schemaVersion": 2,
            "database": { "mode": "exclusive-sqlite", "provider": "sqlite", "migrations": { "directory": "prisma/migrations" } }
          }
        }
        """;

    private const string Schema = """
        datasource db {
          provider = "sqlite"
          url      = env("PLUGIN_DATABASE_URL")
        }

        model Note {
          id    Int    @id
          title String
        }
        """;

    private const string Init = "CREATE TABLE \"Note\" (\"id\" INTEGER NOT NULL PRIMARY KEY, \"title\" TEXT NOT NULL);\n" +
        "CREATE TABLE \"Audit\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";

    private (PluginManifest Manifest, IReadOnlyList<LocalMigration> Migrations) Plugin(string schema)
    {
        temp.Write("plugins/notes/plugin.json", Manifest);
        temp.Write("plugins/notes/prisma/schema.prisma", schema);
        temp.Write("plugins/notes/prisma/migrations/20240101000000_init/migration.sql", Init);
        var loaded = ManifestLoader.Load(Path.Combine(temp.Path, "plugins/notes/plugin.json"), temp.Path);
        Assert.DoesNotContain(loaded.Findings, f => f.Severity == Severity.Error);
        var manifest = loaded.Manifest!;
        return (manifest, MigrationFolder.Load(manifest.MigrationsPath!, DatabaseProvider.Sqlite, manifest.Id, temp.Path).Migrations);
    }

    private string PluginDirectory => Path.Combine(temp.Path, "plugins", "notes");

    [Fact]
    public void A_plugin_without_schema_prisma_has_nothing_to_prepare()
    {
        temp.Write("plugins/bare/plugin.json", Manifest.Replace("\"notes\"", "\"bare\"", StringComparison.Ordinal));
        var manifest = ManifestLoader.Load(Path.Combine(temp.Path, "plugins/bare/plugin.json"), temp.Path).Manifest!;

        Assert.Null(PrismaSchemaCheck.Prepare(Path.Combine(temp.Path, "plugins", "bare"), manifest, temp.Path));
    }

    [Fact]
    public void A_schema_that_agrees_with_its_migrations_gives_no_finding()
    {
        var (manifest, migrations) = Plugin(Schema);
        var prepared = PrismaSchemaCheck.Prepare(PluginDirectory, manifest, temp.Path)!;

        var (comparison, findings) = PrismaSchemaCheck.Compare(prepared, prepared.Mapping!.Schema, migrations, PluginDirectory, manifest, temp.Path);

        Assert.Empty(prepared.RuleFindings);
        Assert.Empty(findings);
        Assert.NotNull(comparison);
    }

    [Fact]
    public void A_field_no_migration_creates_is_SDB310_on_its_declaration_and_a_table_beyond_the_schema_is_SDB311_on_its_migration()
    {
        var (manifest, migrations) = Plugin(Schema);
        var prepared = PrismaSchemaCheck.Prepare(PluginDirectory, manifest, temp.Path)!;
        var note = prepared.Mapping!.Schema.FindTable("Note")!;
        var replayed = prepared.Mapping.Schema with
        {
            Tables =
            [
                note with { Columns = [.. note.Columns.Where(c => c.Name != "title")] },
                new Table("Audit", [new Column("id", "INTEGER", false, null)], new PrimaryKey(null, ["id"]), [], [], [], []),
            ],
        };

        var (_, findings) = PrismaSchemaCheck.Compare(prepared, replayed, migrations, PluginDirectory, manifest, temp.Path);

        var missing = Assert.Single(findings, f => f.Code == FindingCodes.SchemaWithoutMigration.Code);
        Assert.Equal("plugins/notes/prisma/schema.prisma", missing.File);
        Assert.Equal(8, missing.Line);
        Assert.Equal("notes", missing.Plugin);
        var extra = Assert.Single(findings, f => f.Code == FindingCodes.MigrationBeyondSchema.Code);
        Assert.Equal("plugins/notes/prisma/migrations/20240101000000_init/migration.sql", extra.File);
    }

    [Fact]
    public void A_schema_whose_provider_is_not_the_manifests_is_an_error_and_is_not_compared()
    {
        var (manifest, _) = Plugin(Schema.Replace("\"sqlite\"", "\"postgresql\"", StringComparison.Ordinal));

        var prepared = PrismaSchemaCheck.Prepare(PluginDirectory, manifest, temp.Path)!;

        var mismatch = Assert.Single(prepared.RuleFindings, f => f.Code == FindingCodes.PrismaProviderMismatch.Code);
        Assert.Equal("plugins/notes/prisma/schema.prisma", mismatch.File);
        Assert.Equal(2, mismatch.Line);
        Assert.Null(prepared.Mapping);
        Assert.Throws<ArgumentException>(() => PrismaSchemaCheck.Compare(prepared, DatabaseSchema.Empty, [], PluginDirectory, manifest, temp.Path));
    }
}
