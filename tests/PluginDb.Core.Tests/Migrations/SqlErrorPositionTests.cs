using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

public class SqlErrorPositionTests
{
    [Fact]
    public void An_offset_becomes_a_one_based_line_and_column()
    {
        var position = SqlErrorPosition.FromOffset("SELECT 1;\nSELECT 2;\n", 13);
        Assert.Equal(2, position.Line);
        Assert.Equal(4, position.Column);
    }

    [Fact]
    public void A_statement_position_skips_whitespace_and_comments_before_it()
    {
        const string script = "CREATE TABLE a (id INTEGER);\n\n-- CreateTable\n/* block\n comment */\n  CREATE TABLE b (id INTEGER);\n";
        var afterFirst = script.IndexOf(';', StringComparison.Ordinal) + 1;

        var position = SqlErrorPosition.OfStatement(script, afterFirst);

        Assert.Equal(6, position.Line);
        Assert.Equal(3, position.Column);
    }

    [Fact]
    public void An_unterminated_block_comment_stays_where_it_starts()
    {
        Assert.Equal(2, SqlErrorPosition.SkipTrivia("  /* never closed", 0));
    }
}
