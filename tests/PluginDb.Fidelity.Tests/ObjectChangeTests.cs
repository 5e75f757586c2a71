namespace PluginDb.Fidelity.Tests;

/// <summary>Both tools' changes brought to the grain both can name before they are compared.</summary>
public sealed class ObjectChangeTests
{
    private static string[] Normalised(bool sqlite, params ObjectChange[] changes) =>
        [.. ObjectChange.Normalise(changes, sqlite).Select(c => c.ToString()).Order(StringComparer.Ordinal)];

    [Fact]
    public void A_drop_and_an_add_of_one_column_are_a_change_and_an_enums_values_are_the_enum()
    {
        Assert.Equal(
            ["changed column User.name", "changed enum Role"],
            Normalised(false,
                ObjectChange.OfTable("extra", "column", "User", "name"), ObjectChange.OfTable("missing", "column", "User", "name"),
                new ObjectChange("missing", "enum value", "Role.SAD")));
    }

    [Fact]
    public void A_column_dropped_and_added_again_brings_its_indexes_back_with_it()
    {
        Assert.Equal(
            ["changed column User.email"],
            Normalised(false,
                ObjectChange.OfTable("extra", "column", "User", "email"), ObjectChange.OfTable("missing", "column", "User", "email"),
                ObjectChange.OfTable("missing", "index", "User", "User_email_key")));
    }

    [Fact]
    public void What_hangs_off_a_created_or_dropped_table_goes_with_it_and_an_index_is_known_by_its_name()
    {
        Assert.Equal(
            ["extra index Old_idx", "extra table Gone", "missing table Tag"],
            Normalised(false,
                new ObjectChange("missing", "table", "Tag"), ObjectChange.OfTable("missing", "index", "Tag", "Tag_id_key"),
                ObjectChange.OfTable("missing", "foreign key", "Tag", "Tag_userId_fkey"),
                new ObjectChange("extra", "table", "Gone"), ObjectChange.OfTable("extra", "foreign key", "Gone", "Gone_x_fkey"),
                new ObjectChange("extra", "index", "Old_idx")));
    }

    [Fact]
    public void On_sqlite_a_tables_columns_and_keys_are_the_table_and_its_indexes_go_with_its_redefinition()
    {
        Assert.Equal(
            ["changed table User"],
            Normalised(true,
                ObjectChange.OfTable("missing", "column", "User", "note"), ObjectChange.OfTable("extra", "foreign key", "User", "FOREIGN KEY (a)"),
                ObjectChange.OfTable("extra", "index", "User", "User_email_key")));
    }
}
