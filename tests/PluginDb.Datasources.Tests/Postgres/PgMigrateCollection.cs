namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>Tests that share one <see cref="PgMigrateServerFixture"/> server.</summary>
[CollectionDefinition(Name)]
public sealed class PgMigrateCollection : ICollectionFixture<PgMigrateServerFixture>
{
    public const string Name = "PostgreSQL migration server";
}
