namespace PluginDb.Core.Manifests;

/// <summary>The spellings of modes and providers as they appear in plugin.json and in reports.</summary>
public static class ManifestNames
{
    public static string ToManifestName(this DatabaseMode mode) => mode switch
    {
        DatabaseMode.Shared => "shared",
        DatabaseMode.ExclusiveSqlite => "exclusive-sqlite",
        DatabaseMode.ExclusivePostgres => "exclusive-postgres",
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    public static string ToManifestName(this DatabaseProvider provider) => provider switch
    {
        DatabaseProvider.Sqlite => "sqlite",
        DatabaseProvider.Postgresql => "postgresql",
        DatabaseProvider.Mysql => "mysql",
        _ => throw new ArgumentOutOfRangeException(nameof(provider), provider, null),
    };

    public static DatabaseMode? ParseMode(string? text) => text switch
    {
        "shared" => DatabaseMode.Shared,
        "exclusive-sqlite" => DatabaseMode.ExclusiveSqlite,
        "exclusive-postgres" => DatabaseMode.ExclusivePostgres,
        _ => null,
    };

    /// <summary>Provider names as Prisma spells them; <c>postgres</c> is Prisma's alias of <c>postgresql</c>.</summary>
    public static DatabaseProvider? ParseProvider(string? text) => text switch
    {
        "sqlite" => DatabaseProvider.Sqlite,
        "postgresql" or "postgres" => DatabaseProvider.Postgresql,
        "mysql" => DatabaseProvider.Mysql,
        _ => null,
    };
}
