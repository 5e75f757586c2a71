using System.Text;
using PluginDb.Core.Datasources;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class PostgresIdentifiersTests
{
    [Theory]
    [InlineData("ledger")]
    [InlineData("_private")]
    [InlineData("a$b_9")]
    [InlineData("a23456789012345678901234567890123456789012345678901234567890123")]
    public void Plain_lower_case_names_up_to_63_bytes_are_valid(string name) => Assert.Null(PostgresIdentifiers.Problem(name));

    [Theory]
    [InlineData("le\"dger", "not a plain")]
    [InlineData("x; DROP ROLE postgres", "not a plain")]
    [InlineData("Ledger", "not a plain")]
    [InlineData("9lives", "not a plain")]
    [InlineData("$x", "not a plain")]
    [InlineData("café", "not a plain")]
    [InlineData("a234567890123456789012345678901234567890123456789012345678901234", "longer than 63 bytes")]
    [InlineData("pg_x", "reserved")]
    [InlineData("public", "reserved")]
    [InlineData("information_schema", "reserved")]
    [InlineData("", "empty")]
    public void Other_names_are_refused_with_the_reason(string name, string reason)
    {
        Assert.Contains(reason, PostgresIdentifiers.Problem(name), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PostgresIdentifiers.Require(name, "schema"));
    }

    [Fact]
    public void Quote_doubles_embedded_quotes_and_literal_quoting_survives_backslashes()
    {
        Assert.Equal("\"ledger\"", PostgresIdentifiers.Quote("ledger"));
        Assert.Equal("\"a\"\"; DROP ROLE x; --\"", PostgresIdentifiers.Quote("a\"; DROP ROLE x; --"));
        Assert.Equal("'it''s'", PostgresIdentifiers.QuoteLiteral("it's"));
        Assert.Equal("E'a\\\\'' b'", PostgresIdentifiers.QuoteLiteral("a\\' b"));
        Assert.Throws<ArgumentException>(() => PostgresIdentifiers.Quote("a\0b"));
    }

    [Fact]
    public void Plain_ids_keep_their_name_as_role()
    {
        Assert.Equal("plugin_ledger", PostgresIdentifiers.RoleNameFor("ledger"));
        Assert.Equal("plugin_ledger", PostgresIdentifiers.RoleNameFor("ledger"));
    }

    [Theory]
    [InlineData("com.example.notes")]
    [InlineData("Ledger")]
    [InlineData("my-plugin")]
    [InlineData("a\"b")]
    [InlineData("ledger_0123456789ab")]
    [InlineData("a-very-long-plugin-identifier-that-goes-on-and-on-well-past-the-limit")]
    public void Sanitized_ids_get_a_hash_and_stay_valid(string id)
    {
        var role = PostgresIdentifiers.RoleNameFor(id);

        Assert.Null(PostgresIdentifiers.Problem(role));
        Assert.True(Encoding.UTF8.GetByteCount(role) <= PostgresIdentifiers.MaxBytes);
        Assert.Matches("^plugin_[a-z0-9_]+_[0-9a-f]{12}$", role);
        Assert.Equal(role, PostgresIdentifiers.RoleNameFor(id));
    }

    [Fact]
    public void Ids_that_sanitize_alike_get_distinct_roles()
    {
        string[] ids = ["my-plugin", "my_plugin", "my.plugin", "MY_PLUGIN", "my_plugin_" + PostgresIdentifiers.RoleNameFor("my-plugin")[^12..]];
        var roles = ids.Select(PostgresIdentifiers.RoleNameFor).ToList();

        Assert.Equal(ids.Length, roles.Distinct(StringComparer.Ordinal).Count());
    }
}
