using Npgsql;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>URLs as libpq and Prisma write them, read by the tool's own reader, and what it refuses.</summary>
public sealed class PostgresConnectionStringsTests
{
    [Theory]
    [InlineData("postgresql://u:p@[::1]:6543/db", "::1", 6543, "u", "p", "db")]
    [InlineData("postgresql://u@[::1]/db", "::1", 5432, "u", null, "db")]
    [InlineData("postgresql://localhost/db", "localhost", 5432, null, null, "db")]
    [InlineData("postgresql://u:p@h:5433", "h", 5433, "u", "p", null)]
    [InlineData("postgresql://u:p@h:5433/", "h", 5433, "u", "p", null)]
    [InlineData("POSTGRES://u@h/db", "h", 5432, "u", null, "db")]
    [InlineData("postgresql://a%3Ab:p%40ss%2Fw%3Ard@h/main%20db", "h", 5432, "a:b", "p@ss/w:rd", "main db")]
    [InlineData("postgresql://%C3%A9l%C3%A8ve:x@h/db", "h", 5432, "élève", "x", "db")]
    [InlineData("postgresql://u:50%off@h/db", "h", 5432, "u", "50%off", "db")]
    [InlineData("postgresql://u:p:q@h/db", "h", 5432, "u", "p:q", "db")]
    [InlineData("postgresql://u@h/db#ignored", "h", 5432, "u", null, "db")]
    [InlineData("postgresql://h/db?user=app&password=s%26cret", "h", 5432, "app", "s&cret", "db")]
    [InlineData("  postgresql://u@h:1/db  ", "h", 1, "u", null, "db")]
    public void A_url_names_host_port_user_password_and_database(string url, string host, int port, string? user, string? password, string? database)
    {
        var login = PostgresConnectionStrings.ParseLogin(url);
        var builder = PostgresConnectionStrings.Parse(url);

        Assert.Equal((host, port, user, password, database), (login.Host, login.Port, login.Username, login.Password, login.Database));
        Assert.Equal((host, port, user, password, database), (builder.Host, builder.Port, builder.Username, builder.Password, builder.Database));
    }

    [Theory]
    [InlineData("postgresql://u@h:port/db")]
    [InlineData("postgresql://u@h:70000/db")]
    [InlineData("postgresql://u@h:0/db")]
    [InlineData("postgresql:///db")]
    [InlineData("postgresql://u@/db")]
    [InlineData("postgresql://u@h/db?sslmode=sometimes")]
    [InlineData("postgresql://u@h/db?pgbouncer=true")]
    [InlineData("Host=h;NoSuchSetting=1")]
    public void What_is_not_a_server_address_is_refused(string text) =>
        Assert.ThrowsAny<ArgumentException>(() => PostgresConnectionStrings.ParseLogin(text));

    [Fact]
    public void Url_parameters_set_TLS_timeout_and_application_name()
    {
        var login = PostgresConnectionStrings.ParseLogin("postgresql://u@h/db?sslmode=verify-ca&sslrootcert=/ca.pem&connect_timeout=7&application_name=nightly&schema=s");

        Assert.Equal((SslMode.VerifyCA, "/ca.pem", 7, "nightly"), (login.SslMode, login.RootCertificate, login.Timeout, login.ApplicationName));
    }

    [Fact]
    public void Without_parameters_a_url_keeps_Npgsqls_defaults()
    {
        var login = PostgresConnectionStrings.ParseLogin("postgresql://u@h/db");
        var defaults = new NpgsqlConnectionStringBuilder();

        Assert.Equal((defaults.SslMode, defaults.Timeout), (login.SslMode, login.Timeout));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a%20b", "a b")]
    [InlineData("%e2%82%ac", "€")]
    [InlineData("😀%20x", "😀 x")]
    [InlineData("100%", "100%")]
    [InlineData("%2", "%2")]
    [InlineData("%zz%41", "%zzA")]
    public void Escapes_are_decoded_as_utf8_and_stray_percent_signs_kept(string text, string expected) =>
        Assert.Equal(expected, PostgresConnectionStrings.PercentDecode(text));
}
