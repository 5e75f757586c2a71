namespace PluginDb.Build;

/// <summary>Where the run's throwaway PostgreSQL server comes from (<c>--postgres</c>).</summary>
internal enum PostgresSource
{
    /// <summary>An explicit URL, else Testcontainers when a Docker-API engine answers, else local binaries.</summary>
    Auto,

    /// <summary>A container through a Docker-API engine.</summary>
    Testcontainers,

    /// <summary><c>initdb</c>/<c>pg_ctl</c> into a temporary directory.</summary>
    Local,

    /// <summary>The server of <c>--postgres-url</c>.</summary>
    Url,
}
