using System.Globalization;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using static PluginDb.Core.Datasources.PostgresIdentifiers;

namespace PluginDb.Datasources.Postgres;

/// <summary>
/// Provisions, rotates and tears down the least-privilege schema/role pair of exclusive-postgres
/// plugins in one database. The admin connection must be a superuser's: only a superuser may
/// re-assert NOSUPERUSER, NOREPLICATION and NOBYPASSRLS on a role.
/// </summary>
/// <remarks>
/// Each plugin gets a LOGIN role (<see cref="PostgresIdentifiers.RoleNameFor"/>) with none of the
/// elevated attributes, a connection limit (<c>limits.connections</c>, else
/// <see cref="DefaultConnectionLimit"/>), CONNECT and TEMPORARY on the database and nothing else; its
/// schema is owned by the role and reachable by no other role; PUBLIC loses CONNECT and TEMPORARY on
/// the database and CREATE on <c>public</c>, so plugins cannot see or leave things for each other.
/// TEMPORARY is granted because data migrations use temporary tables, which live in a schema of the
/// session's own that no other session can see and that ends with it. The extensions a manifest asks
/// for (<see cref="DatabaseSection.Extensions"/>) are installed first, each in a schema of its own
/// (<c>ext_&lt;name&gt;</c>) where no extension of that name exists yet; the role may use that schema
/// (and those of the extensions it needs) and finds it on its search_path after its own, and no other
/// plugin's role may. An extension must be offered by the server and allowed: PostgreSQL's trusted
/// extensions, or one the platform names. All of this is re-asserted on every ensure, so a second ensure
/// repairs a grant someone loosened.
/// </remarks>
public sealed class PostgresRoleProvider
{
    /// <summary>The connection limit of a role whose manifest sets no <c>limits.connections</c>.</summary>
    public const int DefaultConnectionLimit = 10;

    private readonly NpgsqlDataSource _admin;
    private readonly PostgresEndpoint _endpoint;
    private readonly ISecretStore _secrets;
    private readonly Func<string, string> _roleNameFor;
    private readonly IReadOnlySet<string> _allowedExtensions;

    /// <param name="admin">Superuser connections to <paramref name="endpoint"/>'s database.</param>
    /// <param name="endpoint">The host, port and database the plugins' URLs name.</param>
    /// <param name="secrets">Where the roles' passwords are kept (<see cref="InMemorySecretStore"/>, <see cref="FileSecretStore"/>).</param>
    /// <param name="roleNameFor">
    /// The role name of a plugin id; <see cref="PostgresIdentifiers.RoleNameFor"/> by default, as in production.
    /// Roles are cluster-wide, so throwaway runs sharing a server pass names unique to the run.
    /// </param>
    /// <param name="allowedExtensions">Extensions the platform allows besides those the server marks trusted.</param>
    public PostgresRoleProvider(NpgsqlDataSource admin, PostgresEndpoint endpoint, ISecretStore secrets, Func<string, string>? roleNameFor = null,
        IReadOnlySet<string>? allowedExtensions = null)
    {
        _roleNameFor = roleNameFor ?? RoleNameFor;
        _allowedExtensions = allowedExtensions ?? new HashSet<string>(StringComparer.Ordinal);
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
        _endpoint = endpoint ?? throw new ArgumentNullException(nameof(endpoint));
        _secrets = secrets ?? throw new ArgumentNullException(nameof(secrets));
    }

    public static int ConnectionLimitFor(PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Database.Limits.Connections ?? DefaultConnectionLimit;
    }

    /// <summary>
    /// Creates the plugin's role and schema, or reuses and re-asserts them. Invalid names are refused
    /// with an <see cref="ArgumentException"/> before any SQL runs; a server error is thrown as is.
    /// </summary>
    /// <exception cref="InvalidOperationException">The manifest asks for an extension the server does not offer or the platform does not allow.</exception>
    public async Task<PostgresDatasource> EnsureAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var plan = Plan(manifest);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken);
        var extensions = await EnsureExtensionsAsync(connection, [plan], cancellationToken);
        if (extensions.Refusals.FirstOrDefault() is { } refused)
        {
            throw new InvalidOperationException(refused.Message);
        }
        var state = await ReadStateAsync(connection, [plan], cancellationToken);
        return await EnsureOneAsync(connection, plan with { Extensions = extensions.SchemasFor(plan) }, state with { ExtensionSchemas = extensions.AllSchemas }, cancellationToken);
    }

    /// <summary>
    /// Ensures many plugins over one admin connection: all in one transaction and one round trip
    /// when the server accepts them, else one transaction per plugin, where a plugin the server
    /// refuses becomes an SDB601 finding and the rest go on. Invalid names are refused before any
    /// SQL runs, as in <see cref="EnsureAsync"/>.
    /// </summary>
    public async Task<PostgresProvisioning> EnsureManyAsync(IReadOnlyList<PluginManifest> manifests, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifests);
        var plans = manifests.Select(Plan).ToList();
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken);
        var extensions = await EnsureExtensionsAsync(connection, plans, cancellationToken);
        var refusals = extensions.Refusals;
        plans = [.. plans.Where(p => refusals.All(r => r.Plugin != p.Manifest.Id)).Select(p => p with { Extensions = extensions.SchemasFor(p) })];
        var state = await ReadStateAsync(connection, plans, cancellationToken) with { ExtensionSchemas = extensions.AllSchemas };
        var prepared = new List<PreparedPlan>(plans.Count);
        foreach (var plan in plans)
        {
            prepared.Add(await PrepareAsync(plan, state, cancellationToken));
        }
        try
        {
            // Optimistic: every plugin in one transaction and one round trip. Round trips, not
            // statements, dominate on a busy machine; a refusal falls back to one transaction per plugin.
            await ExecuteAsync(connection, prepared, cancellationToken);
            return new PostgresProvisioning(await CompleteAsync(prepared, cancellationToken), refusals);
        }
        catch (PostgresException) when (plans.Count > 1)
        {
        }
        var datasources = new List<PostgresDatasource>(plans.Count);
        var findings = new List<Finding>(refusals);
        foreach (var one in prepared)
        {
            try
            {
                await ExecuteAsync(connection, [one], cancellationToken);
                datasources.AddRange(await CompleteAsync([one], cancellationToken));
            }
            catch (PostgresException e)
            {
                findings.Add(FindingCodes.DatasourceUnreachable.Create(
                    $"Provisioning role {one.Plan.Role} and schema {one.Plan.Schema} failed: {e.SqlState} {e.MessageText}", one.Plan.Manifest.Id));
            }
        }
        return new PostgresProvisioning(datasources, findings);
    }

    /// <summary>
    /// Sets a new password and then tries the old one (when the secret store knew it): the result
    /// says whether the server refused it. Sessions already open stay open, so a running plugin
    /// is not cut off; it reconnects with the new password. Throws when the role does not exist.
    /// </summary>
    public async Task<PostgresRotation> RotateAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var plan = Plan(manifest);
        var old = await _secrets.ReadAsync(manifest.Id, cancellationToken);
        var password = PostgresPasswords.Generate();
        await using (var connection = await _admin.OpenConnectionAsync(cancellationToken))
        {
            var state = await ReadStateAsync(connection, [plan], cancellationToken);
            if (!state.Roles.Contains(plan.Role))
            {
                throw new InvalidOperationException($"Role {plan.Role} of plugin '{manifest.Id}' does not exist; ensure it first.");
            }
            await using var command = new NpgsqlCommand(
                $"ALTER ROLE {Quote(plan.Role)} WITH PASSWORD {QuoteLiteral(PostgresPasswords.ScramVerifier(password))}", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await _secrets.WriteAsync(manifest.Id, SecretFor(plan, password), cancellationToken);
        bool? refused = old is not null && old.IsFor(_endpoint, plan.Role)
            ? !await LogsInAsync(plan.Role, old.Password, cancellationToken)
            : null;
        return new PostgresRotation(DescriptorFor(plan, password), plan.Role, password, refused);
    }

    /// <summary>
    /// Removes the plugin's datasource: stops new logins, terminates the role's sessions, drops the
    /// schema with everything in it, drops what the role owns or was granted here, drops the role,
    /// and forgets its secret. Missing pieces are skipped, so teardown can be repeated.
    /// </summary>
    public async Task<PostgresTeardown> TeardownAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var plan = Plan(manifest);
        await using var connection = await _admin.OpenConnectionAsync(cancellationToken);
        var state = await ReadStateAsync(connection, [plan], cancellationToken);
        var roleExists = state.Roles.Contains(plan.Role);
        var schemaExists = state.Schemas.Contains(plan.Schema);
        var terminated = 0;
        if (roleExists)
        {
            await using var batch = new NpgsqlBatch(connection)
            {
                BatchCommands =
                {
                    new NpgsqlBatchCommand($"ALTER ROLE {Quote(plan.Role)} WITH NOLOGIN"),
                    new NpgsqlBatchCommand("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid))::int FROM pg_stat_activity WHERE usename = $1")
                    {
                        Parameters = { new NpgsqlParameter { Value = plan.Role } },
                    },
                },
            };
            terminated = (int)(await batch.ExecuteScalarAsync(cancellationToken))!;
        }
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using var batch = new NpgsqlBatch(connection, transaction);
            batch.BatchCommands.Add(new NpgsqlBatchCommand($"DROP SCHEMA IF EXISTS {Quote(plan.Schema)} CASCADE"));
            if (roleExists)
            {
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"DROP OWNED BY {Quote(plan.Role)} CASCADE"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"DROP ROLE {Quote(plan.Role)}"));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        await _secrets.DeleteAsync(manifest.Id, cancellationToken);
        return new PostgresTeardown(manifest.Id, plan.Role, plan.Schema, schemaExists, roleExists, terminated);
    }

    private async Task<PostgresDatasource> EnsureOneAsync(NpgsqlConnection connection, RolePlan plan, ServerState state, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(plan, state, cancellationToken);
        await ExecuteAsync(connection, [prepared], cancellationToken);
        return (await CompleteAsync([prepared], cancellationToken))[0];
    }

    private async Task<PreparedPlan> PrepareAsync(RolePlan plan, ServerState state, CancellationToken cancellationToken)
    {
        var reused = state.Roles.Contains(plan.Role);
        var stored = reused ? await _secrets.ReadAsync(plan.Manifest.Id, cancellationToken) : null;
        var password = stored is not null && stored.IsFor(_endpoint, plan.Role) ? stored.Password : PostgresPasswords.Generate();
        return new PreparedPlan(plan, reused, password, [.. Statements(plan, state, reused, password)]);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, IReadOnlyList<PreparedPlan> plans, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var sql in plans.SelectMany(p => p.Statements))
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(sql));
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    // Secrets are written only once the server has committed the password they hold.
    private async Task<IReadOnlyList<PostgresDatasource>> CompleteAsync(IReadOnlyList<PreparedPlan> plans, CancellationToken cancellationToken)
    {
        var datasources = new List<PostgresDatasource>(plans.Count);
        foreach (var (plan, reused, password, _) in plans)
        {
            await _secrets.WriteAsync(plan.Manifest.Id, SecretFor(plan, password), cancellationToken);
            datasources.Add(new PostgresDatasource(DescriptorFor(plan, password), plan.Role, plan.Schema, plan.ConnectionLimit, password, reused)
            {
                ExtensionSchemas = plan.Extensions,
            });
        }
        return datasources;
    }

    private IEnumerable<string> Statements(RolePlan plan, ServerState state, bool reused, string password)
    {
        var role = Quote(plan.Role);
        var schema = Quote(plan.Schema);
        var database = Quote(_endpoint.Database);
        if (!reused)
        {
            yield return $"CREATE ROLE {role}";
        }
        // Created bare and altered on both paths, so a reused role gets exactly what a new one gets.
        yield return $"ALTER ROLE {role} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT " +
                     $"CONNECTION LIMIT {plan.ConnectionLimit.ToString(CultureInfo.InvariantCulture)} " +
                     $"PASSWORD {QuoteLiteral(PostgresPasswords.ScramVerifier(password))} VALID UNTIL 'infinity'";
        // A membership would hand the role another role's privileges, another plugin's included.
        foreach (var granted in state.Memberships.Where(m => m.Member == plan.Role))
        {
            yield return $"REVOKE {Quote(granted.Granted)} FROM {role} CASCADE";
        }
        yield return $"CREATE SCHEMA IF NOT EXISTS {schema} AUTHORIZATION {role}";
        yield return $"ALTER SCHEMA {schema} OWNER TO {role}";
        yield return $"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC CASCADE";
        foreach (var grantee in state.SchemaGrantees.Where(g => g.Schema == plan.Schema && g.Grantee != plan.Role).Select(g => g.Grantee).Distinct())
        {
            yield return $"REVOKE ALL ON SCHEMA {schema} FROM {Quote(grantee)} CASCADE";
        }
        if (state.HasPublicSchema)
        {
            yield return "REVOKE CREATE ON SCHEMA public FROM PUBLIC CASCADE";
            yield return $"REVOKE CREATE ON SCHEMA public FROM {role} CASCADE";
        }
        yield return $"REVOKE ALL ON DATABASE {database} FROM PUBLIC CASCADE";
        yield return $"REVOKE ALL ON DATABASE {database} FROM {role} CASCADE";
        yield return $"GRANT CONNECT, TEMPORARY ON DATABASE {database} TO {role}";
        foreach (var other in state.ExtensionSchemas.Except(plan.Extensions, StringComparer.Ordinal))
        {
            yield return $"REVOKE ALL ON SCHEMA {Quote(other)} FROM {role} CASCADE";
        }
        foreach (var own in plan.Extensions)
        {
            yield return $"GRANT USAGE ON SCHEMA {Quote(own)} TO {role}";
        }
        yield return $"ALTER ROLE {role} IN DATABASE {database} SET search_path = {string.Join(", ", new[] { plan.Schema }.Concat(plan.Extensions).Select(Quote))}";
    }

    private RolePlan Plan(PluginManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Database.Mode != DatabaseMode.ExclusivePostgres)
        {
            throw new ArgumentException($"Plugin '{manifest.Id}' is not in exclusive-postgres mode.", nameof(manifest));
        }
        var schema = Require(manifest.Database.Schema, "schema");
        var role = Require(_roleNameFor(manifest.Id), "role");
        var limit = ConnectionLimitFor(manifest);
        if (limit <= 0)
        {
            throw new ArgumentException($"The connection limit of plugin '{manifest.Id}' must be positive.", nameof(manifest));
        }
        return new RolePlan(manifest, role, schema, limit, []);
    }

    /// <summary>
    /// Installs the extensions the plans ask for that the server offers and the platform allows, each
    /// not yet in the database in a schema of its own that PUBLIC may not use; a plugin asking for one
    /// that is not offered or allowed is refused with SDB512. Returns where each extension lives.
    /// </summary>
    private async Task<ExtensionState> EnsureExtensionsAsync(NpgsqlConnection connection, IReadOnlyList<RolePlan> plans, CancellationToken cancellationToken)
    {
        var requested = plans.SelectMany(p => p.Manifest.Database.Extensions).Distinct(StringComparer.Ordinal).ToArray();
        if (requested.Length == 0)
        {
            return new ExtensionState(new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal), [], await ExtensionSchemasAsync(connection, cancellationToken));
        }
        var offered = new Dictionary<string, (bool Trusted, bool Installed)>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT a.name, coalesce(v.trusted, false), a.installed_version IS NOT NULL
            FROM pg_available_extensions a LEFT JOIN pg_available_extension_versions v ON v.name = a.name AND v.version = a.default_version
            WHERE a.name = ANY($1)
            """, connection) { Parameters = { new() { Value = requested } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                offered[reader.GetString(0)] = (reader.GetBoolean(1), reader.GetBoolean(2));
            }
        }
        string? Problem(string name) =>
            !offered.TryGetValue(name, out var state) ? $"the server does not offer extension \"{name}\" (pg_available_extensions)"
            : state.Installed || state.Trusted || _allowedExtensions.Contains(name) ? null
            : $"the platform does not allow extension \"{name}\": it is not one PostgreSQL marks trusted, nor one --allow-extensions names";
        var refusals = new List<Finding>();
        foreach (var plan in plans)
        {
            var problems = plan.Manifest.Database.Extensions.Select(Problem).OfType<string>().ToList();
            if (problems.Count > 0)
            {
                refusals.Add(FindingCodes.ExtensionNotAvailable.Create(
                    $"Plugin '{plan.Manifest.Id}' is not provisioned: {string.Join("; ", problems)}.", plan.Manifest.Id));
            }
        }
        var install = requested.Where(n => Problem(n) is null && !offered[n].Installed).ToList();
        if (install.Count > 0)
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            await using var batch = new NpgsqlBatch(connection, transaction);
            foreach (var name in install)
            {
                var schema = Quote(ExtensionSchemaFor(name));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE SCHEMA IF NOT EXISTS {schema}"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"REVOKE ALL ON SCHEMA {schema} FROM PUBLIC CASCADE"));
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"CREATE EXTENSION IF NOT EXISTS {Quote(name)} WITH SCHEMA {schema} CASCADE"));
            }
            await batch.ExecuteNonQueryAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        // Where each extension lives, with the schemas of the extensions it needs; pg_catalog is everyone's.
        var schemas = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
        await using (var command = new NpgsqlCommand("""
            SELECT e.extname, array_agg(DISTINCT n.nspname) FILTER (WHERE n.nspname <> 'pg_catalog')
            FROM pg_extension e
            JOIN LATERAL (SELECT e.extnamespace AS ns UNION
                          SELECT r.extnamespace FROM pg_depend d JOIN pg_extension r ON r.oid = d.refobjid
                          WHERE d.classid = 'pg_extension'::regclass AND d.objid = e.oid AND d.refclassid = 'pg_extension'::regclass) s ON true
            JOIN pg_namespace n ON n.oid = s.ns
            WHERE e.extname = ANY($1)
            GROUP BY e.extname
            """, connection) { Parameters = { new() { Value = requested } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                schemas[reader.GetString(0)] = reader.IsDBNull(1) ? [] : [.. reader.GetFieldValue<string[]>(1).Order(StringComparer.Ordinal)];
            }
        }
        return new ExtensionState(schemas, refusals, await ExtensionSchemasAsync(connection, cancellationToken));
    }

    /// <summary>The schemas that hold an extension, other than pg_catalog and public, which are everyone's.</summary>
    private static async Task<IReadOnlyList<string>> ExtensionSchemasAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT DISTINCT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace WHERE n.nspname NOT IN ('pg_catalog', 'public')",
            connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var schemas = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            schemas.Add(reader.GetString(0));
        }
        return schemas;
    }

    /// <summary>The schema the platform installs an extension in: <c>ext_</c> and its name, a hyphen as an underscore.</summary>
    public static string ExtensionSchemaFor(string extension)
    {
        ArgumentNullException.ThrowIfNull(extension);
        return "ext_" + extension.Replace('-', '_');
    }

    /// <summary>Where the requested extensions live, the plugins refused for asking for one that is not there, and every schema that holds an extension.</summary>
    private sealed record ExtensionState(IReadOnlyDictionary<string, IReadOnlyList<string>> Schemas, IReadOnlyList<Finding> Refusals, IReadOnlyList<string> AllSchemas)
    {
        public IReadOnlyList<string> SchemasFor(RolePlan plan) =>
            [.. plan.Manifest.Database.Extensions.SelectMany(e => Schemas.GetValueOrDefault(e) ?? []).Distinct(StringComparer.Ordinal)];
    }

    private static async Task<ServerState> ReadStateAsync(NpgsqlConnection connection, IReadOnlyList<RolePlan> plans, CancellationToken cancellationToken)
    {
        var roles = plans.Select(p => p.Role).ToArray();
        var schemas = plans.Select(p => p.Schema).ToArray();
        await using var batch = new NpgsqlBatch(connection)
        {
            BatchCommands =
            {
                new NpgsqlBatchCommand("SELECT rolname FROM pg_roles WHERE rolname = ANY($1)") { Parameters = { new() { Value = roles } } },
                new NpgsqlBatchCommand("SELECT nspname FROM pg_namespace WHERE nspname = ANY($1)") { Parameters = { new() { Value = schemas } } },
                new NpgsqlBatchCommand("""
                    SELECT n.nspname, r.rolname
                    FROM pg_namespace n CROSS JOIN LATERAL aclexplode(n.nspacl) a JOIN pg_roles r ON r.oid = a.grantee
                    WHERE n.nspname = ANY($1)
                    """) { Parameters = { new() { Value = schemas } } },
                new NpgsqlBatchCommand("""
                    SELECT m.rolname, g.rolname
                    FROM pg_auth_members am JOIN pg_roles m ON m.oid = am.member JOIN pg_roles g ON g.oid = am.roleid
                    WHERE m.rolname = ANY($1)
                    """) { Parameters = { new() { Value = roles } } },
                new NpgsqlBatchCommand("SELECT to_regnamespace('public') IS NOT NULL"),
            },
        };
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var existingRoles = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            existingRoles.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken);
        var existingSchemas = new HashSet<string>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            existingSchemas.Add(reader.GetString(0));
        }
        await reader.NextResultAsync(cancellationToken);
        var grantees = new List<(string Schema, string Grantee)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            grantees.Add((reader.GetString(0), reader.GetString(1)));
        }
        await reader.NextResultAsync(cancellationToken);
        var memberships = new List<(string Member, string Granted)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            memberships.Add((reader.GetString(0), reader.GetString(1)));
        }
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new ServerState(existingRoles, existingSchemas, grantees, memberships, reader.GetBoolean(0));
    }

    private async Task<bool> LogsInAsync(string role, string password, CancellationToken cancellationToken)
    {
        try
        {
            await using var connection = new NpgsqlConnection(_endpoint.ConnectionStringFor(role, password));
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.InvalidPassword)
        {
            return false;
        }
    }

    private PostgresSecret SecretFor(RolePlan plan, string password) =>
        new(_endpoint.Host, _endpoint.Port, _endpoint.Database, plan.Role, password);

    private PluginDatasourceDescriptor DescriptorFor(RolePlan plan, string password) => new(
        plan.Manifest.Id,
        new PostgresDatasourceUrl(_endpoint, plan.Role, password, plan.Schema).ToString(),
        DatabaseProvider.Postgresql,
        plan.Manifest,
        _secrets.RefFor(plan.Manifest.Id));

    /// <summary>One plugin's pair; <see cref="Extensions"/> are the schemas of its extensions, in search_path order.</summary>
    private sealed record RolePlan(PluginManifest Manifest, string Role, string Schema, int ConnectionLimit, IReadOnlyList<string> Extensions);

    private sealed record PreparedPlan(RolePlan Plan, bool Reused, string Password, IReadOnlyList<string> Statements);

    private sealed record ServerState(
        IReadOnlySet<string> Roles,
        IReadOnlySet<string> Schemas,
        IReadOnlyList<(string Schema, string Grantee)> SchemaGrantees,
        IReadOnlyList<(string Member, string Granted)> Memberships,
        bool HasPublicSchema)
    {
        /// <summary>Every schema that holds an extension: a role may use only those of its own extensions.</summary>
        public IReadOnlyList<string> ExtensionSchemas { get; init; } = [];
    }
}
