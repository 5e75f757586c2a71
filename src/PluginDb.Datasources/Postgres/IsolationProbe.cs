using System.Collections.Concurrent;
using Npgsql;
using PluginDb.Core.Findings;
using static PluginDb.Core.Datasources.PostgresIdentifiers;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Connects as each plugin's role and proves what it cannot do: reach another plugin's schema
/// (SDB501), create in <c>public</c> (SDB502), hold elevated attributes (SDB503), open more
/// sessions than its connection limit (SDB504). A clean set of plugins yields no finding.
/// </summary>
/// <remarks>
/// Per plugin: one session, one round trip of catalog checks (<c>has_schema_privilege</c>,
/// <c>has_table_privilege</c>, <c>has_any_column_privilege</c> over every other plugin's schema and
/// its tables, which also counts privileges inherited through role membership), then two real
/// attempts that are rolled back — a table in the next plugin's schema and one in <c>public</c> —
/// so a catalog check that misses a path is still caught, then the connection limit is tried for
/// real. Plugins are probed in parallel; a plugin whose role cannot log in yields SDB601.
/// </remarks>
public static class IsolationProbe
{
    private const string ProbeTable = "plugindb_isolation_probe";

    public static Task<IReadOnlyList<Finding>> RunAsync(IReadOnlyList<PostgresDatasource> plugins, CancellationToken cancellationToken) =>
        RunAsync(plugins, IsolationProbeOptions.Default, cancellationToken);

    public static async Task<IReadOnlyList<Finding>> RunAsync(
        IReadOnlyList<PostgresDatasource> plugins,
        IsolationProbeOptions options,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plugins);
        ArgumentNullException.ThrowIfNull(options);
        foreach (var plugin in plugins)
        {
            Require(plugin.Schema, "schema");
        }
        var findings = new ConcurrentBag<(int Order, Finding Finding)>();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, plugins.Count),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, options.MaxParallelism), CancellationToken = cancellationToken },
            async (index, token) =>
            {
                foreach (var finding in await ProbeAsync(plugins, index, options, token))
                {
                    findings.Add((index, finding));
                }
            });
        return [.. findings.OrderBy(f => f.Order).ThenBy(f => f.Finding.Code, StringComparer.Ordinal).ThenBy(f => f.Finding.Message, StringComparer.Ordinal).Select(f => f.Finding)];
    }

    private static async Task<IReadOnlyList<Finding>> ProbeAsync(
        IReadOnlyList<PostgresDatasource> plugins, int index, IsolationProbeOptions options, CancellationToken cancellationToken)
    {
        var self = plugins[index];
        var others = plugins.Where((_, i) => i != index).ToList();
        var url = PostgresDatasourceUrl.Parse(self.Descriptor.Url);
        var findings = new List<Finding>();
        try
        {
            await using var connection = new NpgsqlConnection(url.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            var catalog = await ReadCatalogAsync(connection, others.Select(o => o.Schema).ToArray(), cancellationToken);

            var reach = new Dictionary<string, List<string>>(StringComparer.Ordinal);
            foreach (var (schema, what) in catalog.Reach)
            {
                (reach.TryGetValue(schema, out var list) ? list : reach[schema] = []).Add(what);
            }
            if (others.Count > 0)
            {
                var next = plugins[(index + 1) % plugins.Count];
                if (await CanCreateTableAsync(connection, next.Schema, cancellationToken))
                {
                    (reach.TryGetValue(next.Schema, out var list) ? list : reach[next.Schema] = []).Add("created a table there (rolled back)");
                }
            }
            foreach (var other in others.Where(o => reach.ContainsKey(o.Schema)))
            {
                findings.Add(FindingCodes.CrossPluginAccess.Create(
                    $"Plugin '{self.PluginId}' (role {url.Role}) can reach schema {other.Schema} of plugin '{other.PluginId}': {string.Join("; ", reach[other.Schema])}.",
                    self.PluginId));
            }

            var publicCreate = catalog.CanCreateInPublic || (catalog.HasPublic && await CanCreateTableAsync(connection, "public", cancellationToken));
            if (publicCreate)
            {
                findings.Add(FindingCodes.PublicSchemaWritable.Create(
                    $"Plugin '{self.PluginId}' (role {url.Role}) can create objects in the public schema.", self.PluginId));
            }

            if (catalog.Attributes.Count > 0)
            {
                findings.Add(FindingCodes.RoleTooPrivileged.Create(
                    $"Role {url.Role} of plugin '{self.PluginId}' has {string.Join(", ", catalog.Attributes)}.", self.PluginId));
            }

            if (catalog.ConnectionLimit < 0 || catalog.ConnectionLimit > self.ConnectionLimit)
            {
                findings.Add(FindingCodes.ConnectionLimitNotEnforced.Create(
                    $"Role {url.Role} of plugin '{self.PluginId}' has connection limit {(catalog.ConnectionLimit < 0 ? "none" : catalog.ConnectionLimit)}; its manifest allows {self.ConnectionLimit}.",
                    self.PluginId));
            }
            else if (options.TestConnectionLimits && await OpensBeyondLimitAsync(url, self.ConnectionLimit, cancellationToken))
            {
                findings.Add(FindingCodes.ConnectionLimitNotEnforced.Create(
                    $"Role {url.Role} of plugin '{self.PluginId}' opened {self.ConnectionLimit + 1} sessions; its limit is {self.ConnectionLimit}.",
                    self.PluginId));
            }
        }
        catch (NpgsqlException e)
        {
            // The boundary of the probe: a role that cannot log in, or a server that went away,
            // is a finding about this plugin, not a fault of the run.
            findings.Add(FindingCodes.DatasourceUnreachable.Create(
                $"The isolation probe could not work as role {url.Role} of plugin '{self.PluginId}': {(e as PostgresException)?.SqlState} {e.Message}".Replace("  ", " ", StringComparison.Ordinal),
                self.PluginId));
        }
        return findings;
    }

    private static async Task<Catalog> ReadCatalogAsync(NpgsqlConnection connection, string[] otherSchemas, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("""
                    SELECT rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit
                    FROM pg_roles WHERE rolname = current_user
                    """),
                new NpgsqlBatchCommand("""
                    SELECT count(*) > 0, coalesce(bool_or(has_schema_privilege(oid, 'CREATE')), false)
                    FROM pg_namespace WHERE nspname = 'public'
                    """),
                new NpgsqlBatchCommand("""
                    SELECT n.nspname, p.privilege || ' on the schema'
                    FROM pg_namespace n CROSS JOIN unnest(ARRAY['USAGE', 'CREATE']) p(privilege)
                    WHERE n.nspname = ANY($1) AND has_schema_privilege(n.oid, p.privilege)
                    UNION ALL
                    SELECT n.nspname, p.privilege || ' on ' || quote_ident(n.nspname) || '.' || quote_ident(c.relname)
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    CROSS JOIN unnest(ARRAY['SELECT', 'INSERT', 'UPDATE', 'DELETE', 'TRUNCATE', 'REFERENCES', 'TRIGGER']) p(privilege)
                    WHERE n.nspname = ANY($1) AND c.relkind IN ('r', 'p', 'v', 'm', 'f')
                      AND CASE WHEN p.privilege IN ('SELECT', 'INSERT', 'UPDATE', 'REFERENCES')
                               THEN has_any_column_privilege(c.oid, p.privilege)
                               ELSE has_table_privilege(c.oid, p.privilege) END
                    """) { Parameters = { new() { Value = otherSchemas } } },
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var attributes = new List<string>();
        string[] names = ["SUPERUSER", "CREATEDB", "CREATEROLE", "REPLICATION", "BYPASSRLS"];
        for (var i = 0; i < names.Length; i++)
        {
            if (reader.GetBoolean(i))
            {
                attributes.Add(names[i]);
            }
        }
        var limit = reader.GetInt32(5);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var hasPublic = reader.GetBoolean(0);
        var canCreateInPublic = reader.GetBoolean(1);
        await reader.NextResultAsync(cancellationToken);
        var reach = new List<(string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            reach.Add((reader.GetString(0), reader.GetString(1)));
        }
        return new Catalog(attributes, limit, hasPublic, canCreateInPublic, reach);
    }

    /// <summary>Tries to create a table in <paramref name="schema"/> and rolls it back; false when refused for lack of privilege.</summary>
    private static async Task<bool> CanCreateTableAsync(NpgsqlConnection connection, string schema, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand($"CREATE TABLE {Quote(schema)}.{Quote(ProbeTable)} (id int)", connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState is PostgresErrorCodes.InsufficientPrivilege or PostgresErrorCodes.InvalidSchemaName)
        {
            return false;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateTable)
        {
            // The server checks CREATE on the schema before it looks for the name, so a clash means the privilege is there.
            return true;
        }
        finally
        {
            await transaction.RollbackAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Opens <paramref name="limit"/> sessions besides the probe's own (limit + 1 in all), at once;
    /// true when the server refused none with 53300. Opening them together may make the server
    /// refuse one too many (its count is approximate in that direction, see postinit.c), never
    /// admit one too many, so a refusal still proves the limit holds.
    /// </summary>
    private static async Task<bool> OpensBeyondLimitAsync(PostgresDatasourceUrl url, int limit, CancellationToken cancellationToken)
    {
        var connections = Enumerable.Range(0, limit).Select(_ => new NpgsqlConnection(url.ConnectionString)).ToList();
        try
        {
            var attempts = connections.Select(async c =>
            {
                try
                {
                    await c.OpenAsync(cancellationToken);
                    return true;
                }
                catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.TooManyConnections)
                {
                    return false;
                }
            }).ToList();
            return (await Task.WhenAll(attempts)).All(opened => opened);
        }
        finally
        {
            foreach (var connection in connections)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private sealed record Catalog(
        IReadOnlyList<string> Attributes,
        int ConnectionLimit,
        bool HasPublic,
        bool CanCreateInPublic,
        IReadOnlyList<(string Schema, string What)> Reach);
}
