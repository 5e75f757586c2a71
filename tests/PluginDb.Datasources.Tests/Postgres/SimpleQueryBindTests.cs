using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class SimpleQueryBindTests
{
    [Fact]
    public void Each_placeholder_takes_its_own_constant_and_a_constant_is_never_read_again() =>
        Assert.Equal(
            "VALUES ('a$2', 'b', 'c$1', 10, 'j')",
            SimpleQueryConnection.Bind("VALUES ($1, $2, $3, $10, $9)", "'a$2'", "'b'", "'c$1'", "4", "5", "6", "7", "8", "'j'", "10"));

    [Fact]
    public void Text_without_placeholders_is_left_as_it_is() =>
        Assert.Equal("SELECT 1", SimpleQueryConnection.Bind("SELECT 1"));
}
