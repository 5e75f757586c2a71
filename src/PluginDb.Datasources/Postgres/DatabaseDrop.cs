using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Dropping a database the run made. <c>DROP DATABASE … WITH (FORCE)</c> signals the sessions still in
/// it, pooled ones of this process too (PostgreSQL 13+), but where one is still there, if only exiting,
/// it sleeps 100 ms before it looks again; so does <c>pg_terminate_backend(pid, timeout)</c> between its
/// looks. So each session is ended first and waited for in steps of 5 ms (<c>pg_terminate_backend</c>
/// with a 5 ms timeout, PostgreSQL 14+, true once the process is gone; the activity view read afresh
/// between steps, for one that was gone before a step began); where that cannot be done, the DROP does
/// it as before.
/// </summary>
internal static class DatabaseDrop
{
    /// <summary>The statements, each a Query of its own; <paramref name="database"/> is the name unquoted.</summary>
    public static string[] Statements(string database) =>
    [
        $"""
        DO $plugindb$DECLARE p int; BEGIN
          FOR p IN SELECT pid FROM pg_stat_activity WHERE datname = {PostgresIdentifiers.QuoteLiteral(database)} AND pid <> pg_backend_pid() LOOP
            FOR i IN 1..400 LOOP
              EXIT WHEN pg_terminate_backend(p, 5);
              PERFORM pg_stat_clear_snapshot();
              EXIT WHEN NOT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = p);
            END LOOP;
          END LOOP;
        EXCEPTION WHEN OTHERS THEN NULL;
        END$plugindb$
        """,
        $"DROP DATABASE IF EXISTS {PostgresIdentifiers.Quote(database)} WITH (FORCE)",
    ];
}
