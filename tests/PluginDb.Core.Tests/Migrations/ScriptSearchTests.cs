using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

/// <summary>Names in migration scripts, in any case, as words that end where an identifier would.</summary>
public sealed class ScriptSearchTests
{
    private const string Script = "ALTER TABLE \"User\" ADD COLUMN user_id INT;\n-- users, $user, user2\nCREATE INDEX ON \"USER\"(x);";

    [Fact]
    public void Words_are_found_in_any_case_where_no_identifier_character_continues_them()
    {
        Assert.Equal([13, 83], ScriptSearch.Words(Script, "user"));
        Assert.True(ScriptSearch.ContainsWord(Script, "USER_ID"));
        Assert.False(ScriptSearch.ContainsWord(Script, "users_"));
        Assert.Empty(ScriptSearch.Words(Script, ""));
    }

    [Fact]
    public void A_part_of_a_script_is_screened_by_offset_and_length()
    {
        Assert.True(ScriptSearch.Contains(Script, "$USER"));
        Assert.False(ScriptSearch.Contains(Script, 0, 44, "users"));
        Assert.True(ScriptSearch.Contains(Script, 44, 24, "users"));
    }
}
