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
}
