using PluginDb.Core.Manifests;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>schema.prisma mapped against the replayed history of each SQLite corpus project: Prisma's verdict, without Prisma.</summary>
public sealed class PrismaSchemaSqliteAgreementTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [CorpusTheory]
    [MemberData(nameof(Corpus.SqliteProjects), MemberType = typeof(Corpus))]
    public async Task A_corpus_schema_differs_from_its_replayed_history_exactly_where_Prisma_says(string project)
    {
        var replayed = await PrismaCorpus.ReplaySqliteAsync(Corpus.MigrationsOf(project), _temp.Path);

        var result = PrismaCorpus.Compare(PrismaCorpus.SchemaText(project), replayed, DatabaseProvider.Sqlite);

        Assert.True(result.Differences.Count == PrismaCorpus.ExpectedDifferences(project), PrismaCorpus.Describe(result.Differences));
    }

    [CorpusTheory]
    [MemberData(nameof(PrismaSchemaEdits.Sqlite), MemberType = typeof(PrismaSchemaEdits))]
    public async Task An_edited_schema_differs_in_exactly_the_objects_Prisma_touches_and_Prisma_agrees(string name)
    {
        var edit = PrismaSchemaEdits.Find(postgres: false, name);
        var project = PrismaSchemaEdits.Project(postgres: false);
        var schema = PrismaSchemaEdits.Apply(edit, PrismaCorpus.SchemaText(project));
        var replayed = await PrismaCorpus.ReplaySqliteAsync(Corpus.MigrationsOf(project), _temp.Path);

        var result = PrismaCorpus.Compare(schema, replayed, DatabaseProvider.Sqlite);

        Assert.Equal(edit.Expected, PrismaSchemaEdits.Touched(result.Differences));
        if (PrismaPeer.Folder is not null)
        {
            var (exitCode, output) = await PrismaPeer.DiffAsync(_temp.Combine("peer"), schema, Corpus.MigrationsOf(project), "sqlite", "file:./dev.db");
            Assert.True(exitCode == (result.InStep ? 0 : 2), output);
        }
    }
}
