using Npgsql;
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

    [CorpusTheory]
    [MemberData(nameof(PrismaSchemaEdits.Postgres), MemberType = typeof(PrismaSchemaEdits))]
    public async Task An_edited_schema_differs_in_exactly_the_objects_Prisma_touches_and_Prisma_agrees(string name)
    {
        var edit = PrismaSchemaEdits.Find(postgres: true, name);
        var project = PrismaSchemaEdits.Project(postgres: true);
        var schema = PrismaSchemaEdits.Apply(edit, PrismaCorpus.SchemaText(project));
        var replayed = await ReplayAsync(Corpus.MigrationsOf(project));

        var result = PrismaCorpus.Compare(schema, replayed, DatabaseProvider.Postgresql);

        Assert.Equal(edit.Expected, PrismaSchemaEdits.Touched(result.Differences));
        if (PrismaPeer.Folder is not null)
        {
            // Prisma creates and drops its shadow database on the server of DATABASE_URL: the fixture's admin account may.
            var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
            var url = $"postgresql://{Uri.EscapeDataString(admin.Username!)}:{Uri.EscapeDataString(admin.Password ?? string.Empty)}@{admin.Host}:{admin.Port}/{admin.Database}";
            var (exitCode, output) = await PrismaPeer.DiffAsync(_temp.Combine("peer"), schema, Corpus.MigrationsOf(project), "postgresql", url);
            Assert.True(exitCode == (result.InStep ? 0 : 2), output);
        }
    }
}
