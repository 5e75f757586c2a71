namespace PluginDb.Datasources.Postgres;

/// <summary>Where a run's PostgreSQL server comes from (<c>--postgres</c>).</summary>
public enum PostgresSourceKind
{
    /// <summary>An explicit URL if one is given, else Testcontainers when an engine answers, else local binaries.</summary>
    Auto,

    /// <summary>A throwaway container through a Docker-API engine.</summary>
    Testcontainers,

    /// <summary>A throwaway server from the machine's own PostgreSQL binaries.</summary>
    Local,

    /// <summary>An existing server; the run gets a database of its own in it.</summary>
    Url,
}
