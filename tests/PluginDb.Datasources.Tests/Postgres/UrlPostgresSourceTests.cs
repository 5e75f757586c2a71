using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class UrlPostgresSourceTests(PostgresServerFixture fixture)
{
    private string Admin => fixture.AdminConnectionString;

    [Fact]
    public async Task A_run_gets_its_own_database_and_dispose_drops_it_and_the_roles_it_tracked()
    {
        var server = await new UrlPostgresSource(AsUrl(Admin)).StartAsync(CancellationToken.None);
        var role = "plugin_papertrail_" + server.RunId;
        await PostgresProbe.ExecuteAsync(server.AdminConnectionString, $"CREATE ROLE {role} LOGIN");
        server.TrackRole(role);
        await PostgresProbe.ExecuteAsync(server.AdminConnectionString, $"CREATE SCHEMA papertrail AUTHORIZATION {role}");

        Assert.Equal(PostgresSources.Url, server.Source);
        Assert.StartsWith(UrlPostgresSource.RunDatabasePrefix, server.Database, StringComparison.Ordinal);
        Assert.Equal(server.Database, await PostgresProbe.ScalarAsync<string>(server.AdminConnectionString, "SELECT current_database()"));
        Assert.StartsWith("PostgreSQL ", await PostgresProbe.SelectVersionAsync(server.AdminConnectionString), StringComparison.Ordinal);

        await server.DisposeAsync();
        await server.DisposeAsync();

        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(Admin, $"SELECT count(*) FROM pg_database WHERE datname = '{server.Database}'"));
        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(Admin, $"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"));
    }

    [Fact]
    public async Task The_peek_reads_the_major_version_from_the_session_start_and_creates_nothing()
    {
        var before = await PostgresProbe.ScalarAsync<long>(Admin, "SELECT count(*) FROM pg_database");
        var reported = await PostgresProbe.ScalarAsync<string>(Admin, "SHOW server_version_num");

        await using var source = new UrlPostgresSource(AsUrl(Admin));
        var major = await source.PeekMajorVersionAsync(CancellationToken.None);

        Assert.Equal(int.Parse(reported, System.Globalization.CultureInfo.InvariantCulture) / 10000, major);
        Assert.Equal(before, await PostgresProbe.ScalarAsync<long>(Admin, "SELECT count(*) FROM pg_database"));
    }

    [Fact]
    public async Task The_peeks_session_serves_the_start_and_one_no_start_took_closes_with_the_source()
    {
        var name = "peek-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new NpgsqlConnectionStringBuilder(Admin) { ApplicationName = name };
        var sessions = $"SELECT count(*) FROM pg_stat_activity WHERE application_name = '{name}'";

        var started = new UrlPostgresSource(settings.ConnectionString);
        await started.PeekMajorVersionAsync(CancellationToken.None);
        Assert.Equal(1L, await PostgresProbe.ScalarAsync<long>(Admin, sessions));
        await using (var server = await started.StartAsync(CancellationToken.None))
        {
            // The start took the peek's session and keeps it, for the run's administration and teardown.
            Assert.Equal(1L, await PostgresProbe.ScalarAsync<long>(Admin, sessions));
            Assert.StartsWith(UrlPostgresSource.RunDatabasePrefix, server.Database, StringComparison.Ordinal);
        }
        await WaitForAsync(async () => await PostgresProbe.ScalarAsync<long>(Admin, sessions) == 0L);
        await started.DisposeAsync();

        var unstarted = new UrlPostgresSource(settings.ConnectionString);
        await unstarted.PeekMajorVersionAsync(CancellationToken.None);
        await unstarted.PeekMajorVersionAsync(CancellationToken.None);
        Assert.Equal(1L, await PostgresProbe.ScalarAsync<long>(Admin, sessions));
        await unstarted.DisposeAsync();
        await WaitForAsync(async () => await PostgresProbe.ScalarAsync<long>(Admin, sessions) == 0L);
    }

    [Fact]
    public async Task The_peek_start_and_teardown_share_one_login_even_when_the_start_is_made_while_the_peek_logs_in()
    {
        // Logins are counted per database (pg_stat_database.sessions), so the source's maintenance
        // database is one of this test's own that nothing else connects to.
        var maintenance = "peek_logins_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresProbe.ExecuteAsync(Admin, $"CREATE DATABASE {maintenance}");
        try
        {
            var source = new UrlPostgresSource(new NpgsqlConnectionStringBuilder(Admin) { Database = maintenance }.ConnectionString);
            var peek = source.PeekMajorVersionAsync(CancellationToken.None);
            var start = source.StartAsync(CancellationToken.None);
            Assert.NotNull(await peek);
            await (await start).DisposeAsync();
            await source.DisposeAsync();

            // The peek's login, which the start took over and the teardown (DROP DATABASE) used too; a
            // start or a teardown that logged in on its own would make more. A session's count reaches
            // the statistics as it ends, so the count is read once it stopped changing.
            var logins = $"SELECT sessions FROM pg_stat_database WHERE datname = '{maintenance}'";
            await WaitForAsync(async () => await PostgresProbe.ScalarAsync<long>(Admin, logins) >= 1L);
            await Task.Delay(TimeSpan.FromSeconds(1));
            Assert.Equal(1L, await PostgresProbe.ScalarAsync<long>(Admin, logins));
        }
        finally
        {
            await PostgresProbe.ExecuteAsync(Admin, $"DROP DATABASE IF EXISTS {maintenance} WITH (FORCE)");
        }
    }

    [Fact]
    public async Task A_teardown_whose_kept_session_the_server_ended_logs_in_again_and_removes_everything()
    {
        var name = "ended-" + Guid.NewGuid().ToString("N")[..8];
        var server = await new UrlPostgresSource(new NpgsqlConnectionStringBuilder(Admin) { ApplicationName = name }.ConnectionString).StartAsync(CancellationToken.None);
        var role = "plugin_ended_" + server.RunId;
        await PostgresProbe.ExecuteAsync(Admin, $"CREATE ROLE {role}");
        server.TrackRole(role);

        Assert.True(await PostgresProbe.ScalarAsync<bool>(Admin, $"SELECT bool_and(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = '{name}'"));
        await server.DisposeAsync();

        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(Admin, $"SELECT count(*) FROM pg_database WHERE datname = '{server.Database}'"));
        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(Admin, $"SELECT count(*) FROM pg_roles WHERE rolname = '{role}'"));
    }

    [Fact]
    public async Task A_project_adopts_the_run_database_through_the_kept_session_and_its_owner_may_create_in_public()
    {
        await using var server = await new UrlPostgresSource(AsUrl(Admin)).StartAsync(CancellationToken.None);
        // The test servers run PostgreSQL 15, whose public schema belongs to pg_database_owner.
        Assert.True(server.PublicSchemaFollowsDatabaseOwner);

        var project = await PostgresProjectDatabase.AdoptAsync(server, CancellationToken.None);

        // Adopting needed no session in the run's database: the first one is the owner's own below.
        Assert.Equal(0L, await PostgresProbe.ScalarAsync<long>(Admin, $"SELECT coalesce((SELECT sessions FROM pg_stat_database WHERE datname = '{server.Database}'), 0)"));
        Assert.Equal(project.OwnerRole, await PostgresProbe.ScalarAsync<string>(Admin, $"SELECT pg_get_userbyid(datdba)::text FROM pg_database WHERE datname = '{server.Database}'"));
        await PostgresProbe.ExecuteAsync(project.ConnectionString, "CREATE TABLE public.\"Probe\" (id int PRIMARY KEY)");
        Assert.Equal(project.OwnerRole, await PostgresProbe.ScalarAsync<string>(project.ConnectionString, "SELECT tableowner::text FROM pg_tables WHERE tablename = 'Probe'"));
        Assert.Contains(project.OwnerRole, server.TrackedRoles);
        // Its password reached the server as a verifier of PostgresPasswords.ScramIterations rounds, not as text the server hashes 4096 times.
        Assert.StartsWith($"SCRAM-SHA-256${PostgresPasswords.ScramIterations}:", await PostgresProbe.ScalarAsync<string>(Admin, $"SELECT rolpassword FROM pg_authid WHERE rolname = '{project.OwnerRole}'"), StringComparison.Ordinal);
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        // A closed session leaves pg_stat_activity a moment after the client's Terminate message.
        for (var attempt = 0; !await condition(); attempt++)
        {
            Assert.True(attempt < 50, "the condition did not hold within 5 s");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task The_peek_at_an_unreachable_server_is_unknown_not_an_error()
    {
        var closed = new NpgsqlConnectionStringBuilder(Admin) { Host = "127.0.0.1", Port = 1 };

        Assert.Null(await new UrlPostgresSource(closed.ConnectionString).PeekMajorVersionAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Two_runs_on_one_server_get_different_databases()
    {
        var source = new UrlPostgresSource(Admin);
        await using var first = await source.StartAsync(CancellationToken.None);
        await using var second = await source.StartAsync(CancellationToken.None);

        Assert.NotEqual(first.Database, second.Database);
        Assert.NotEqual(first.RunId, second.RunId);
    }

    [Fact]
    public async Task An_account_that_may_not_create_databases_is_refused_with_a_clear_error()
    {
        var role = "plugindb_test_weak_" + Guid.NewGuid().ToString("N")[..8];
        await PostgresProbe.ExecuteAsync(Admin, $"CREATE ROLE {role} LOGIN PASSWORD 'weak'");
        try
        {
            var weak = new NpgsqlConnectionStringBuilder(Admin) { Username = role, Password = "weak" }.ConnectionString;

            var error = await Assert.ThrowsAsync<PostgresSourceUnavailableException>(
                () => new UrlPostgresSource(weak).StartAsync(CancellationToken.None));

            Assert.Contains("CREATEDB", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            await PostgresProbe.ExecuteAsync(Admin, $"DROP ROLE {role}");
        }
    }

    [Theory]
    [InlineData("postgresql://app:p%40ss@127.0.0.1:6543/appdb?sslmode=disable", "127.0.0.1", 6543, "app", "p@ss", "appdb")]
    [InlineData("postgres://app@localhost/appdb", "localhost", 5432, "app", null, "appdb")]
    [InlineData("Host=127.0.0.1;Port=6543;Username=app;Password=secret;Database=appdb", "127.0.0.1", 6543, "app", "secret", "appdb")]
    public void Urls_and_connection_strings_are_both_read(string text, string host, int port, string user, string? password, string database)
    {
        var parsed = PostgresConnectionStrings.Parse(text);

        Assert.Equal((host, port, user, password, database), (parsed.Host, parsed.Port, parsed.Username, parsed.Password, parsed.Database));
    }

    [Fact]
    public void A_urls_TLS_parameters_are_kept_as_libpq_names_them()
    {
        var parsed = PostgresConnectionStrings.Parse("postgresql://app:x@db.internal/appdb?sslmode=verify-full&sslrootcert=/ca.pem&sslcert=/client.pem&sslkey=/client.key");

        Assert.Equal((SslMode.VerifyFull, "/ca.pem", "/client.pem", "/client.key"), (parsed.SslMode, parsed.RootCertificate, parsed.SslCertificate, parsed.SslKey));
    }

    internal static string AsUrl(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        return $"postgresql://{Uri.EscapeDataString(builder.Username!)}:{Uri.EscapeDataString(builder.Password!)}@{builder.Host}:{builder.Port}/{builder.Database}";
    }
}
