using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

public sealed class HistoryMentionsTests
{
    private static LocalMigration Migration(string script) => new("20240101000000_init", "m", "m/migration.sql", script);

    [Theory]
    [InlineData("CREATE INDEX ON \"crm\".\"Account\"(\"name\");", "crm")]
    [InlineData("ALTER TABLE crm.account ADD COLUMN x int;", "crm")]
    [InlineData("GRANT SELECT ON \"Account\" TO PLUGIN_CRM;", "plugin_crm")]
    [InlineData("-- written for crm\nSELECT 1;", "crm")]
    public void A_name_used_as_a_word_anywhere_is_found_without_case(string script, string expected) =>
        Assert.Equal(expected, HistoryMentions.FirstOf([Migration("SELECT 1;"), Migration(script)], ["crm", "plugin_crm"]));

    [Theory]
    [InlineData("CREATE TABLE \"crm_notes\" (id int);")]
    [InlineData("CREATE TABLE \"CrmAccount\" (id int);")]
    [InlineData("CREATE TABLE \"notes$crm\" (id int);")]
    [InlineData("CREATE TABLE \"x\" (\"acrm\" int, \"crm2\" int);")]
    public void A_name_inside_a_longer_identifier_is_not_a_mention(string script) =>
        Assert.Null(HistoryMentions.FirstOf([Migration(script)], ["crm"]));

    [Fact]
    public void Empty_names_and_an_empty_history_mention_nothing()
    {
        Assert.Null(HistoryMentions.FirstOf([Migration("SELECT 1;")], ["", ""]));
        Assert.Null(HistoryMentions.FirstOf([], ["crm"]));
    }
}
