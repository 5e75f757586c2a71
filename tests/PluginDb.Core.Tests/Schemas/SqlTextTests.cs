using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Schemas;

public sealed class SqlTextTests
{
    [Fact]
    public void Splitting_ignores_commas_inside_parentheses_quotes_and_comments() =>
        Assert.Equal(["\"a,b\" TEXT", "c DECIMAL(10,2) -- x, y", "CHECK (d IN ('1,2'))"],
            SqlText.SplitTopLevel("\"a,b\" TEXT, c DECIMAL(10,2) -- x, y\n, CHECK (d IN ('1,2'))"));

    [Fact]
    public void A_keyword_is_found_only_as_a_whole_word_outside_quotes_and_parentheses()
    {
        const string sql = "CREATE INDEX \"WHERE\" ON t (wherever) WHERE x > 0";
        Assert.Equal(sql.LastIndexOf("WHERE", StringComparison.Ordinal), SqlText.IndexOfKeyword(sql, "where"));
        Assert.Equal(-1, SqlText.IndexOfKeyword("a (WHERE) 'WHERE'", "WHERE"));
    }

    [Theory]
    [InlineData("\"a\"\"b\"", "a\"b")]
    [InlineData("`x`", "x")]
    [InlineData("[x y]", "x y")]
    [InlineData(" plain ", "plain")]
    public void Identifiers_are_unquoted_in_each_quoting_style(string quoted, string name) =>
        Assert.Equal(name, SqlText.Unquote(quoted));

    [Theory]
    [InlineData("(a) + (b)", "(a) + (b)")]
    [InlineData("((a + b))", "a + b")]
    [InlineData("(')')", "')'")]
    public void Only_parentheses_around_the_whole_text_are_removed(string text, string stripped) =>
        Assert.Equal(stripped, SqlText.StripOuterParentheses(text));

    [Fact]
    public void Whitespace_and_comments_collapse_outside_quotes_only() =>
        Assert.Equal("a = 'x  y' AND b", SqlText.CollapseWhitespace("a   =\n 'x  y' /* c */ AND\tb "));
}
