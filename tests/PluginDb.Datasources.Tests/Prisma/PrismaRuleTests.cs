using Npgsql;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Tests.Postgres;
using PluginDb.Datasources.Tests.Support;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>Each rule of docs/prisma-semantics.md on a small history replayed into a real database: our differences, and Prisma's verdict where the peer is installed.</summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PrismaRulePostgresTests(PostgresServerFixture server) : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();
    private PostgresProjectDatabase? _database;

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
        _temp.Dispose();
    }

    [Theory]
    [MemberData(nameof(PrismaRuleCases.Postgres), MemberType = typeof(PrismaRuleCases))]
    public async Task A_rule_of_prismas_comparison_holds_on_a_replayed_history(string name)
    {
        var rule = PrismaRuleCases.Find(postgres: true, name);
        var migrations = PrismaRuleHistory.Write(_temp, rule, "postgresql");
        _database = await PostgresProjectDatabase.CreateAsync(server.AdminConnectionString, CancellationToken.None);
        var replayed = await PrismaCorpus.ReplayPostgresAsync(migrations, _database, _temp.Path);
        var schema = PrismaRuleHistory.Schema(rule, "postgresql");

        var result = PrismaCorpus.Compare(schema, replayed, DatabaseProvider.Postgresql);

        Assert.Equal(rule.Expected.OrderBy(e => e.Item3, StringComparer.Ordinal), PrismaSchemaEdits.Touched(result.Differences));
        if (PrismaPeer.Folder is not null)
        {
            var admin = new NpgsqlConnectionStringBuilder(server.AdminConnectionString);
            var url = $"postgresql://{Uri.EscapeDataString(admin.Username!)}:{Uri.EscapeDataString(admin.Password ?? string.Empty)}@{admin.Host}:{admin.Port}/{admin.Database}";
            var (exitCode, output) = await PrismaPeer.DiffAsync(_temp.Combine("peer"), schema, migrations, "postgresql", url);
            Assert.True(exitCode == (result.InStep ? 0 : 2), output);
        }
    }
}

public sealed class PrismaRuleSqliteTests : IDisposable
{
    private readonly TempDirectory _temp = new();

    public void Dispose() => _temp.Dispose();

    [Theory]
    [MemberData(nameof(PrismaRuleCases.Sqlite), MemberType = typeof(PrismaRuleCases))]
    public async Task A_rule_of_prismas_comparison_holds_on_a_replayed_history(string name)
    {
        var rule = PrismaRuleCases.Find(postgres: false, name);
        var migrations = PrismaRuleHistory.Write(_temp, rule, "sqlite");
        var replayed = await PrismaCorpus.ReplaySqliteAsync(migrations, _temp.Path);
        var schema = PrismaRuleHistory.Schema(rule, "sqlite");

        var result = PrismaCorpus.Compare(schema, replayed, DatabaseProvider.Sqlite);

        Assert.Equal(rule.Expected.OrderBy(e => e.Item3, StringComparer.Ordinal), PrismaSchemaEdits.Touched(result.Differences));
        if (PrismaPeer.Folder is not null)
        {
            var (exitCode, output) = await PrismaPeer.DiffAsync(_temp.Combine("peer"), schema, migrations, "sqlite", "file:./dev.db");
            Assert.True(exitCode == (result.InStep ? 0 : 2), output);
        }
    }
}

/// <summary>A rule case as a one-migration history on disk and a complete schema.prisma.</summary>
internal static class PrismaRuleHistory
{
    public static string Write(TempDirectory temp, PrismaRuleCase rule, string provider)
    {
        var migrations = temp.Combine("migrations");
        PrismaHistory.Add(migrations, "20240101000000_init", rule.Migration);
        File.WriteAllText(Path.Combine(migrations, "migration_lock.toml"), $"provider = \"{provider}\"\n");
        return migrations;
    }

    public static string Schema(PrismaRuleCase rule, string provider) =>
        $"datasource db {{\n  provider = \"{provider}\"\n}}\n\n{rule.Models}";
}
