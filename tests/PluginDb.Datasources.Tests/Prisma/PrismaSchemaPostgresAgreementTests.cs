using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Tests.Postgres;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>schema.prisma mapped against the replayed history of each PostgreSQL corpus project: Prisma's verdict, without Prisma.</summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PrismaSchemaPostgresAgreementTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private readonly List<PostgresProjectDatabase> _databases = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var database in _databases)
        {
            await database.DisposeAsync();
        }
        _temp.Dispose();
    }

    private async Task<DatabaseSchema> ReplayAsync(string migrations)
    {
        var database = await PostgresProjectDatabase.CreateAsync(server.AdminConnectionString, CancellationToken.None);
        _databases.Add(database);
        return await PrismaCorpus.ReplayPostgresAsync(migrations, database, _temp.Path);
    }

    [CorpusTheory]
    [MemberData(nameof(Corpus.PostgresProjects), MemberType = typeof(Corpus))]
    public async Task A_corpus_schema_differs_from_its_replayed_history_exactly_where_Prisma_says(string project)
    {
        var replayed = await ReplayAsync(Corpus.MigrationsOf(project));

        var result = PrismaCorpus.Compare(PrismaCorpus.SchemaText(project), replayed, DatabaseProvider.Postgresql);

        Assert.True(result.Differences.Count == PrismaCorpus.ExpectedDifferences(project), PrismaCorpus.Describe(result.Differences));
        if (project == "umami")
        {
            var difference = Assert.Single(result.Differences);
            Assert.Equal((DifferenceKind.Missing, SchemaObjectType.Index, "session_replay.session_replay_visit_id_idx"), (difference.Kind, difference.ObjectType, difference.Path));
        }
    }
}
