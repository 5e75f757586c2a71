using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Dropping a database the run made. <c>DROP DATABASE … WITH (FORCE)</c> signals the sessions still in
/// it, pooled ones of this process too (PostgreSQL 13+), but where one is still there, if only exiting,
/// it sleeps 100 ms before it looks again. So the sessions are ended first and waited for
/// (<c>pg_terminate_backend</c> with a timeout, PostgreSQL 14+; where that cannot be done, the DROP
/// does it as before).
/// </summary>
internal static class DatabaseDrop
{
    /// <summary>The statements, each a Query of its own; <paramref name="database"/> is the name unquoted.</summary>
    public static string[] Statements(string database) =>
    [
        $"""
        DO $plugindb$BEGIN
          PERFORM pg_terminate_backend(pid, 1000) FROM pg_stat_activity WHERE datname = {PostgresIdentifiers.QuoteLiteral(database)} AND pid <> pg_backend_pid();
        EXCEPTION WHEN OTHERS THEN NULL;
        END$plugindb$
        """,
        $"DROP DATABASE IF EXISTS {PostgresIdentifiers.Quote(database)} WITH (FORCE)",
    ];
}
