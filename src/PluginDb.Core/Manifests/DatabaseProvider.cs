namespace PluginDb.Core.Manifests;

/// <summary>The database engine behind a datasource (<c>sovereign.database.provider</c>).</summary>
public enum DatabaseProvider
{
    Sqlite,
    Postgresql,

    /// <summary>Reserved by the manifest format, not wired into the platform.</summary>
    Mysql,
}
