using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class PostgresTextTests
{
    [Theory]
    [InlineData("{}", new string[0])]
    [InlineData("{a}", new[] { "a" })]
    [InlineData("{a,b,c}", new[] { "a", "b", "c" })]
    [InlineData("{\"a,b\",\"c\\\"d\",\"e\\\\f\",\"\"}", new[] { "a,b", "c\"d", "e\\f", "" })]
    [InlineData("{\"NULL\",\" \",x}", new[] { "NULL", " ", "x" })]
    public void Arrays_read_element_for_element(string text, string[] expected) =>
        Assert.Equal(expected, PostgresText.Array(text));

    [Fact]
    public void An_unquoted_NULL_is_a_null_element() =>
        Assert.Equal(new[] { "a", null, "NULL" }.AsEnumerable(), PostgresText.Array("{a,NULL,\"NULL\"}"));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("a,b")]
    [InlineData("{a")]
    public void What_is_not_an_array_is_refused(string? text) =>
        Assert.Throws<FormatException>(() => PostgresText.Array(text));

    [Theory]
    [InlineData("2026-11-28 05:55:27+00", "2026-11-28T05:55:27.0000000+00:00")]
    [InlineData("2026-11-28 05:55:27.5+00", "2026-11-28T05:55:27.5000000+00:00")]
    [InlineData("2026-11-28 05:55:27.123456-03", "2026-11-28T08:55:27.1234560+00:00")]
    [InlineData("2026-11-28 05:55:27+05:30", "2026-11-28T00:25:27.0000000+00:00")]
    [InlineData("1850-01-01 00:00:00+00:53:28", "1849-12-31T23:06:32.0000000+00:00")]
    public void Timestamps_in_DateStyle_ISO_read_as_the_same_instant(string text, string utc) =>
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), PostgresText.TimestampTz(text));

    [Fact]
    public void Booleans_and_numbers_read_as_PostgreSQL_writes_them()
    {
        Assert.True(PostgresText.Boolean("t"));
        Assert.False(PostgresText.Boolean("f"));
        Assert.Throws<FormatException>(() => PostgresText.Boolean(null));
        Assert.Equal(-9223372036854775808L, PostgresText.Int64("-9223372036854775808"));
    }
}
