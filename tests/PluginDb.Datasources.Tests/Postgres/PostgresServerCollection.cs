namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// The tests that need "a PostgreSQL server", whichever source provides it (see <see cref="PostgresServerFixture"/>).
/// Each class in it also carries <c>[Trait("Category", "Postgres")]</c>, so CI can run them again against another source.
/// </summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerCollection : ICollectionFixture<PostgresServerFixture>
{
    public const string Name = "postgres";

    /// <summary>The trait value (<c>Category</c>) of the classes in this collection: <c>--filter Category=Postgres</c>.</summary>
    public const string Category = "Postgres";
}
