namespace PluginDb.Core.Manifests;

/// <summary>How a plugin's database is served (<c>sovereign.database.mode</c>).</summary>
public enum DatabaseMode
{
    /// <summary>The platform's shared datasource; nothing to provision.</summary>
    Shared,

    /// <summary>A SQLite file of its own: <c>data/plugins/&lt;pluginId&gt;.db</c>.</summary>
    ExclusiveSqlite,

    /// <summary>A schema/role pair of its own in the primary PostgreSQL cluster.</summary>
    ExclusivePostgres,
}
