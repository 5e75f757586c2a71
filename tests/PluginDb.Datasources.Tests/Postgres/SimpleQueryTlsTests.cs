using System.Security.Authentication;
using Npgsql;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>
/// The hand-written client's TLS and password paths against a real server that takes only TLS:
/// verify-full with a test CA (and what it must refuse), verify-ca, require, and SCRAM-SHA-256, MD5 and
/// cleartext passwords; and a live drift read over verify-full, the path nightly jobs take to
/// production databases.
/// </summary>
public sealed class SimpleQueryTlsTests(TlsServerFixture server) : IClassFixture<TlsServerFixture>
{
    private static async Task<(string Ssl, string User)> SessionAsync(PostgresLogin login)
    {
        await using var session = await SimpleQueryConnection.OpenAsync(login, [], CancellationToken.None);
        var ssl = await session.ScalarAsync("SELECT ssl::text FROM pg_stat_ssl WHERE pid = pg_backend_pid()", CancellationToken.None);
        return (ssl!, (await session.ScalarAsync("SELECT current_user", CancellationToken.None))!);
    }

    [Fact]
    public async Task Verify_full_with_the_test_CA_logs_in_over_TLS()
    {
        Assert.Equal(("true", "scram_login"), await SessionAsync(server.Login("scram_login", SslMode.VerifyFull, rootCertificate: server.CaFile)));
    }

    [Fact]
    public async Task Verify_full_refuses_a_host_name_the_certificate_does_not_carry()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => SessionAsync(server.Login("scram_login", SslMode.VerifyFull, host: "127.0.0.1", rootCertificate: server.CaFile)));
    }

    [Fact]
    public async Task Verify_full_refuses_a_server_its_CA_did_not_sign()
    {
        await Assert.ThrowsAsync<AuthenticationException>(() => SessionAsync(server.Login("scram_login", SslMode.VerifyFull, rootCertificate: server.OtherCaFile)));
        await Assert.ThrowsAsync<AuthenticationException>(() => SessionAsync(server.Login("scram_login", SslMode.VerifyCA, rootCertificate: server.OtherCaFile)));
    }

    [Fact]
    public async Task Verify_ca_checks_the_chain_but_not_the_name_and_require_encrypts_without_checking()
    {
        Assert.Equal("true", (await SessionAsync(server.Login("scram_login", SslMode.VerifyCA, host: "127.0.0.1", rootCertificate: server.CaFile))).Ssl);
        Assert.Equal("true", (await SessionAsync(server.Login("scram_login", SslMode.Require, host: "127.0.0.1"))).Ssl);
    }

    [Theory]
    [InlineData("scram_login")]
    [InlineData("md5_login")]
    [InlineData("clear_login")]
    public async Task Each_password_method_logs_in_with_the_password_and_refuses_another(string user)
    {
        Assert.Equal(("true", user), await SessionAsync(server.Login(user, SslMode.VerifyFull, rootCertificate: server.CaFile)));

        var refused = await Assert.ThrowsAsync<PostgresProtocolException>(() =>
            SessionAsync(server.Login(user, SslMode.VerifyFull, rootCertificate: server.CaFile, password: "wrong")));
        Assert.Equal("28P01", refused.SqlState);
    }

    [Fact]
    public async Task Without_TLS_the_server_refuses_the_login()
    {
        var refused = await Assert.ThrowsAsync<PostgresProtocolException>(() => SessionAsync(server.Login("scram_login", SslMode.Disable)));
        Assert.Equal("28000", refused.SqlState);
    }

    [Fact]
    public async Task A_live_database_is_read_over_verify_full()
    {
        var live = await PostgresLiveReader.ReadAsync(server.ConnectionString("scram_login", SslMode.VerifyFull, server.CaFile), "live", CancellationToken.None);

        var table = Assert.Single(live!.Schema.Tables);
        Assert.Equal("Note", table.Name);
        Assert.Equal(["id", "title"], table.Columns.Select(c => c.Name));
    }
}
