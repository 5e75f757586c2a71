using System.Security.Cryptography;

namespace PluginDb.Datasources.Postgres;

/// <summary>Names and identifiers shared by the server sources.</summary>
public static class PostgresSources
{
    public const string Testcontainers = "testcontainers";
    public const string Local = "local";
    public const string Url = "url";

    public static string NameOf(PostgresSourceKind kind) => kind switch
    {
        PostgresSourceKind.Testcontainers => Testcontainers,
        PostgresSourceKind.Local => Local,
        PostgresSourceKind.Url => Url,
        _ => "auto",
    };

    /// <summary>Parses <c>--postgres</c>: <c>auto</c>, <c>testcontainers</c>, <c>local</c> or <c>url</c>.</summary>
    public static PostgresSourceKind? ParseKind(string? text) => text?.Trim().ToLowerInvariant() switch
    {
        "auto" or "" or null => PostgresSourceKind.Auto,
        Testcontainers => PostgresSourceKind.Testcontainers,
        Local => PostgresSourceKind.Local,
        Url => PostgresSourceKind.Url,
        _ => null,
    };

    /// <summary>
    /// <c>max_connections</c> of the throwaway servers (local and container). PostgreSQL's default of
    /// 100 is too few for a run over many plugins: the isolation probe holds up to
    /// <see cref="IsolationProbeOptions.MaxParallelism"/> × (connection limit + 1) sessions at once,
    /// besides the admin's pool. A <c>--postgres-url</c> server keeps its own setting.
    /// </summary>
    public const int ThrowawayMaxConnections = 200;

    /// <summary>What to do when no source can provide a server.</summary>
    public const string HowToGetOne =
        "Install PostgreSQL server binaries (e.g. apt-get install postgresql), start a Docker-API engine " +
        "(Docker, or Podman's `podman system service`; on CI run .ci/containers.sh), or pass --postgres-url " +
        "with an account that may create databases and roles.";

    /// <summary>12 lower-case hex characters: short enough for identifiers, random enough not to collide.</summary>
    internal static string NewRunId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));

    internal static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(18));
}
