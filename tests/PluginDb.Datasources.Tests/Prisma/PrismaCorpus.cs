using Microsoft.Data.Sqlite;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Prisma;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Schemas;
using PluginDb.Datasources.Sqlite;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>Replays a migrations folder, introspects it and compares it with a Prisma schema: the check these tests hold to Prisma's verdicts.</summary>
internal static class PrismaCorpus
{
    /// <summary>What Prisma 7.10.1 says of each corpus project (PRISMA_VERDICTS.md): the number of differences of the unedited schema.</summary>
    public static int ExpectedDifferences(string project) => project == "umami" ? 1 : 0;

    public static string SchemaText(string project) =>
        File.ReadAllText(Path.Combine(Corpus.PrismaDirectory!, project, "schema.prisma"));

    public static PrismaSchema Parse(string text, string file = "schema.prisma")
    {
        var schema = PrismaSchemaParser.Parse(text, file);
        Assert.True(schema.Findings.Count == 0, string.Join("\n", schema.Findings.Select(f => $"{f.Line}:{f.Column} {f.Message}")));
        return schema;
    }

    public static PrismaComparisonResult Compare(string schemaText, DatabaseSchema replayed, DatabaseProvider provider) =>
        PrismaComparison.Compare(PrismaSchemaMapper.ToDatabaseSchema(Parse(schemaText), provider), replayed, provider);

    public static string Describe(IEnumerable<SchemaDifference> differences) => string.Join("\n", differences.Select(d => d.Message));

    public static async Task<DatabaseSchema> ReplaySqliteAsync(string migrations, string directory)
    {
        var folder = MigrationFolder.Load(migrations, DatabaseProvider.Sqlite, null, directory);
        var path = Path.Combine(directory, "replay-" + Guid.NewGuid().ToString("N")[..8] + ".db");
        var result = await new SqliteMigrationRunner().RunAsync(path, folder.Migrations, null, directory, CancellationToken.None);
        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        await using var connection = new SqliteConnection(SqliteMigrationRunner.ConnectionString(path));
        await connection.OpenAsync();
        return await SqliteIntrospector.ReadAsync(connection, CancellationToken.None);
    }

    public static async Task<DatabaseSchema> ReplayPostgresAsync(string migrations, PostgresProjectDatabase database, string directory)
    {
        var folder = MigrationFolder.Load(migrations, DatabaseProvider.Postgresql, null, directory);
        var result = await new PostgresMigrationRunner().RunAsync(database.ConnectionString, PostgresProjectDatabase.Schema, folder.Migrations, null, directory, CancellationToken.None);
        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => f.Message)));
        return await PostgresIntrospector.ReadAsync(database.ConnectionString, PostgresProjectDatabase.Schema, CancellationToken.None);
    }
}
