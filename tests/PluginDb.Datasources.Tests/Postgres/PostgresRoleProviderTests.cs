using System.Text.RegularExpressions;
using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Core.Reports;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PostgresRoleProviderTests(PostgresServerFixture server)
{
    [Fact]
    public async Task Each_plugin_role_logs_in_with_its_password_into_its_own_schema()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var ledger = await db.Provider.EnsureAsync(db.Manifest("ledger"), default);
        var papers = await db.Provider.EnsureAsync(db.Manifest("papers"), default);

        foreach (var plugin in new[] { ledger, papers })
        {
            Assert.False(plugin.Reused);
            await using var connection = new NpgsqlConnection(PostgresDatasourceUrl.Parse(plugin.Descriptor.Url).ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT current_user || ' ' || current_schema()", connection);
            Assert.Equal($"{plugin.Role} {plugin.Schema}", await command.ExecuteScalarAsync());
        }
        Assert.NotEqual(ledger.Password, papers.Password);
    }

    [Fact]
    public async Task Url_names_role_password_host_database_and_schema_and_is_shown_masked()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var manifest = db.Manifest("ledger");
        var ledger = await db.Provider.EnsureAsync(manifest, default);

        Assert.Equal($"plugin_ledger_{db.Tag}", ledger.Role);
        Assert.Matches("^[A-Za-z0-9_-]{43}$", ledger.Password);
        Assert.Equal($"postgresql://{ledger.Role}:{ledger.Password}@{db.Endpoint.Host}:{db.Endpoint.Port}/{db.Database}?schema=ledger_{db.Tag}", ledger.Descriptor.Url);
        Assert.Equal($"postgresql://{ledger.Role}:****@{db.Endpoint.Host}:{db.Endpoint.Port}/{db.Database}?schema=ledger_{db.Tag}", ledger.Descriptor.MaskedUrl);
        Assert.Equal($"memory:{manifest.Id}", ledger.Descriptor.SecretsRef);
        Assert.Equal(Core.Manifests.DatabaseProvider.Postgresql, ledger.Descriptor.Provider);
        Assert.DoesNotContain(ledger.Password, ledger.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(ledger.Password, ledger.Descriptor.ToString(), StringComparison.Ordinal);

        var audit = ledger.ToAuditEvent(DateTimeOffset.UnixEpoch);
        Assert.Equal((manifest.Id, AuditEvents.Provisioned, AuditEvents.Succeeded), (audit.Plugin, audit.Event, audit.Outcome));
        Assert.DoesNotContain(ledger.Password, audit.Detail!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_encodes_user_and_password_and_reads_back()
    {
        var url = new PostgresDatasourceUrl(new PostgresEndpoint("::1", 6543, "main db"), "a:b", "p@ss/w:rd", "s");
        Assert.Equal("postgresql://a%3Ab:p%40ss%2Fw%3Ard@[::1]:6543/main%20db?schema=s", url.ToString());
        Assert.Equal(url, PostgresDatasourceUrl.Parse(url.ToString()));
        Assert.Equal("postgresql://a%3Ab:****@[::1]:6543/main%20db?schema=s", DatasourceUrls.MaskPassword(url.ToString()));
    }

    [Fact]
    public async Task Roles_hold_no_elevated_attribute_and_the_manifest_connection_limit_or_the_default()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var limited = await db.Provider.EnsureAsync(db.Manifest("ledger", connections: 3), default);
        var unlimited = await db.Provider.EnsureAsync(db.Manifest("papers", connections: null), default);

        Assert.Equal("f f f f f 3", await RoleAttributesAsync(db, limited.Role));
        Assert.Equal($"f f f f f {PostgresRoleProvider.DefaultConnectionLimit}", await RoleAttributesAsync(db, unlimited.Role));
        Assert.Equal(PostgresRoleProvider.DefaultConnectionLimit, unlimited.ConnectionLimit);
    }

    [Fact]
    public async Task Ensure_twice_reuses_the_role_keeps_the_stored_password_and_repairs_loosened_isolation()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var first = await db.Provider.EnsureAsync(db.Manifest("ledger"), default);
        var other = await db.Provider.EnsureAsync(db.Manifest("papers"), default);

        await db.ExecuteAsync($"""
            GRANT USAGE, CREATE ON SCHEMA "{other.Schema}" TO "{first.Role}";
            GRANT USAGE ON SCHEMA "{first.Schema}" TO "{other.Role}";
            GRANT "{other.Role}" TO "{first.Role}";
            GRANT CREATE ON SCHEMA public TO PUBLIC;
            GRANT CONNECT, TEMP ON DATABASE "{db.Database}" TO PUBLIC;
            ALTER ROLE "{first.Role}" CREATEDB CREATEROLE CONNECTION LIMIT -1;
            ALTER ROLE "{first.Role}" IN DATABASE "{db.Database}" SET search_path = public;
            """);
        Assert.NotEmpty(await IsolationProbe.RunAsync([first, other], default));

        var second = await db.Provider.EnsureAsync(db.Manifest("ledger"), default);
        var otherAgain = await db.Provider.EnsureAsync(db.Manifest("papers"), default);

        Assert.True(second.Reused);
        Assert.Equal(AuditEvents.Reused, second.ToAuditEvent(DateTimeOffset.UnixEpoch).Event);
        Assert.Equal(first.Password, second.Password);
        Assert.Equal("f f f f f 5", await RoleAttributesAsync(db, second.Role));
        Assert.Empty(await IsolationProbe.RunAsync([second, otherAgain], default));
        Assert.False(await db.ScalarAsync<bool>($"SELECT has_database_privilege('public', '{db.Database}', 'CONNECT')"));
        await using var session = await db.LogInAsync(second.Role, second.Password);
        await using var command = new NpgsqlCommand("SELECT current_schema()", session);
        Assert.Equal(second.Schema, await command.ExecuteScalarAsync());
    }

    [Fact]
    public async Task Reused_role_without_a_stored_password_gets_a_new_one_and_the_old_one_stops_working()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var first = await db.Provider.EnsureAsync(db.Manifest("ledger"), default);
        var forgetful = new PostgresRoleProvider(db.Admin, db.Endpoint, new InMemorySecretStore());

        var second = await forgetful.EnsureAsync(db.Manifest("ledger"), default);

        Assert.True(second.Reused);
        Assert.NotEqual(first.Password, second.Password);
        Assert.Equal(PostgresErrorCodes.InvalidPassword, await LoginErrorAsync(db, first.Role, first.Password));
        await (await db.LogInAsync(second.Role, second.Password)).DisposeAsync();
    }

    [Fact]
    public async Task Rotate_sets_a_new_password_and_proves_the_old_one_is_refused()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var manifest = db.Manifest("ledger");
        var before = await db.Provider.EnsureAsync(manifest, default);

        var rotation = await db.Provider.RotateAsync(manifest, default);

        Assert.True(rotation.OldPasswordRefused);
        Assert.NotEqual(before.Password, rotation.Password);
        Assert.Contains(rotation.Password, rotation.Descriptor.Url, StringComparison.Ordinal);
        Assert.Equal(rotation.Password, (await db.Secrets.ReadAsync(manifest.Id, default))!.Password);
        Assert.Equal(PostgresErrorCodes.InvalidPassword, await LoginErrorAsync(db, before.Role, before.Password));
        await (await db.LogInAsync(rotation.Role, rotation.Password)).DisposeAsync();
        var audit = rotation.ToAuditEvent(DateTimeOffset.UnixEpoch);
        Assert.Equal((AuditEvents.Rotated, AuditEvents.Succeeded), (audit.Event, audit.Outcome));
    }

    [Fact]
    public async Task Rotate_of_a_plugin_never_provisioned_is_refused()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await Assert.ThrowsAsync<InvalidOperationException>(() => db.Provider.RotateAsync(db.Manifest("ghost"), default));
    }

    [Fact]
    public async Task Teardown_ends_sessions_and_drops_schema_role_and_secret()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var manifest = db.Manifest("ledger");
        var ledger = await db.Provider.EnsureAsync(manifest, default);
        var session = await db.LogInAsync(ledger.Role, ledger.Password);
        await using (var create = new NpgsqlCommand("CREATE TABLE entries (id int)", session))
        {
            await create.ExecuteNonQueryAsync();
        }

        var teardown = await db.Provider.TeardownAsync(manifest, default);

        Assert.Equal((true, true, 1), (teardown.SchemaDropped, teardown.RoleDropped, teardown.SessionsTerminated));
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_roles WHERE rolname = '{ledger.Role}'"));
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_namespace WHERE nspname = '{ledger.Schema}'"));
        Assert.Null(await db.Secrets.ReadAsync(manifest.Id, default));
        Assert.Equal(AuditEvents.TornDown, teardown.ToAuditEvent(DateTimeOffset.UnixEpoch).Event);
        await Assert.ThrowsAnyAsync<NpgsqlException>(async () =>
        {
            await using var command = new NpgsqlCommand("SELECT 1", session);
            await command.ExecuteScalarAsync();
        });
        await session.DisposeAsync();

        var again = await db.Provider.TeardownAsync(manifest, default);
        Assert.Equal((false, false), (again.SchemaDropped, again.RoleDropped));
    }

    [Theory]
    [InlineData("le\"dger")]
    [InlineData("ledger; DROP ROLE postgres")]
    [InlineData("Ledger")]
    [InlineData("pg_x")]
    [InlineData("public")]
    [InlineData("information_schema")]
    [InlineData("")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234")]
    public async Task Hostile_schema_names_are_refused_before_any_sql_runs(string schema)
    {
        // A data source on a port nothing listens on: any SQL would fail with a socket error, not an ArgumentException.
        await using var nowhere = NpgsqlDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Database=postgres;Timeout=1");
        var provider = new PostgresRoleProvider(nowhere, new PostgresEndpoint("127.0.0.1", 1, "postgres"), new InMemorySecretStore());
        var manifest = new Core.Manifests.PluginManifest("ledger", null, 2,
            new Core.Manifests.DatabaseSection(Core.Manifests.DatabaseMode.ExclusivePostgres, Core.Manifests.DatabaseProvider.Postgresql, schema, null, Core.Manifests.DatabaseLimits.None),
            Path.GetTempPath(), Path.Combine(Path.GetTempPath(), "plugin.json"));

        await Assert.ThrowsAsync<ArgumentException>(() => provider.EnsureAsync(manifest, default));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.EnsureManyAsync([manifest], default));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.RotateAsync(manifest, default));
        await Assert.ThrowsAsync<ArgumentException>(() => provider.TeardownAsync(manifest, default));
    }

    [Fact]
    public async Task Ensure_many_provisions_each_plugin_and_audits_it()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        await db.Provider.EnsureAsync(db.Manifest("a"), default);

        var run = await db.Provider.EnsureManyAsync([db.Manifest("a"), db.Manifest("b"), db.Manifest("c")], default);

        Assert.Empty(run.Findings);
        Assert.Equal([true, false, false], run.Datasources.Select(d => d.Reused));
        Assert.Equal([AuditEvents.Reused, AuditEvents.Provisioned, AuditEvents.Provisioned],
            run.ToAuditEvents(DateTimeOffset.UnixEpoch).Select(e => e.Event));
    }

    [Fact]
    public async Task Ensure_many_turns_a_plugin_the_server_refuses_into_a_finding_and_goes_on()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        // An event trigger stands in for any server-side refusal (a policy, a lock timeout, a quota).
        var blocked = db.Manifest("blocked");
        await db.ExecuteAsync($$"""
            CREATE FUNCTION refuse_schema() RETURNS event_trigger LANGUAGE plpgsql AS $f$
            BEGIN
              IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity = '{{blocked.Database.Schema}}') THEN
                RAISE EXCEPTION 'schema refused by policy';
              END IF;
            END $f$;
            CREATE EVENT TRIGGER refuse_schema ON ddl_command_end WHEN TAG IN ('CREATE SCHEMA') EXECUTE FUNCTION refuse_schema();
            """);

        var run = await db.Provider.EnsureManyAsync([blocked, db.Manifest("fine")], default);

        Assert.Single(run.Datasources);
        var finding = Assert.Single(run.Findings);
        Assert.Equal(("SDB601", blocked.Id), (finding.Code, finding.Plugin));
        Assert.Contains("schema refused by policy", finding.Message, StringComparison.Ordinal);
        // The plugin's statements ran in one transaction: the refused schema took its role with it.
        Assert.Equal(0L, await db.ScalarAsync<long>($"SELECT count(*) FROM pg_roles WHERE rolname = '{PostgresIdentifiers.RoleNameFor(blocked.Id)}'"));
        Assert.Equal(AuditEvents.Failed, run.ToAuditEvents(DateTimeOffset.UnixEpoch).Single(e => e.Plugin == blocked.Id).Event);
    }

    [Fact]
    public async Task Schema_size_sums_tables_indexes_and_sequences_of_the_schema()
    {
        await using var db = await PostgresTestDatabase.CreateAsync(server);
        var ledger = await db.Provider.EnsureAsync(db.Manifest("ledger"), default);
        Assert.Equal(0L, await PostgresSize.SchemaBytesAsync(db.Admin, ledger.Schema, default));

        await using (var session = await db.LogInAsync(ledger.Role, ledger.Password))
        await using (var command = new NpgsqlCommand("CREATE TABLE entries (id serial PRIMARY KEY, memo text); INSERT INTO entries (memo) SELECT repeat('x', 100) FROM generate_series(1, 2000)", session))
        {
            await command.ExecuteNonQueryAsync();
        }

        var size = await PostgresSize.SchemaBytesAsync(db.Admin, ledger.Schema, default);
        Assert.Equal(await db.ScalarAsync<long>($"SELECT pg_total_relation_size('\"{ledger.Schema}\".entries') + pg_total_relation_size('\"{ledger.Schema}\".entries_id_seq')"), size);
        Assert.True(size > 200_000, $"size {size}");
    }

    private static Task<string> RoleAttributesAsync(PostgresTestDatabase db, string role) => db.ScalarAsync<string>($"""
        SELECT concat_ws(' ', rolsuper, rolcreatedb, rolcreaterole, rolreplication, rolbypassrls, rolconnlimit)
        FROM pg_roles WHERE rolname = '{role}'
        """).ContinueWith(t => Regex.Replace(t.Result, "true|false", m => m.Value[..1]), TaskScheduler.Default);

    private static async Task<string?> LoginErrorAsync(PostgresTestDatabase db, string role, string password)
    {
        try
        {
            await (await db.LogInAsync(role, password)).DisposeAsync();
            return null;
        }
        catch (PostgresException e)
        {
            return e.SqlState;
        }
    }
}
