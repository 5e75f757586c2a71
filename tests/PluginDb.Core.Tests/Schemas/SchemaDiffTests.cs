using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Schemas;

public sealed class SchemaDiffTests
{
    private static Table User(
        IReadOnlyList<Column>? columns = null,
        PrimaryKey? primaryKey = null,
        IReadOnlyList<UniqueConstraint>? uniques = null,
        IReadOnlyList<TableIndex>? indexes = null,
        IReadOnlyList<ForeignKey>? foreignKeys = null,
        IReadOnlyList<CheckConstraint>? checks = null) => new(
        "User",
        columns ?? [new Column("id", "integer", false, null, ColumnIdentity.Serial), new Column("email", "text", false, null), new Column("teamId", "integer", true, null)],
        primaryKey ?? new PrimaryKey("User_pkey", ["id"]),
        uniques ?? [],
        indexes ?? [new TableIndex("User_email_key", [IndexKey.Column("email")], true, null, null)],
        foreignKeys ?? [new ForeignKey("User_teamId_fkey", ["teamId"], "Team", ["id"], ReferentialAction.SetNull, ReferentialAction.Cascade)],
        checks ?? []);

    private static Table Team() => new("Team", [new Column("id", "integer", false, null, ColumnIdentity.Serial)], new PrimaryKey("Team_pkey", ["id"]), [], [], [], []);

    private static DatabaseSchema Schema(params Table[] tables) => new(tables, [new EnumType("Role", ["USER", "ADMIN"])], [], []);

    private static SchemaDifference Single(DatabaseSchema expected, DatabaseSchema actual, SchemaDiffOptions? options = null) =>
        Assert.Single(SchemaDiff.Compare(expected, actual, options));

    [Fact]
    public void Equal_schemas_built_from_different_list_instances_have_no_difference()
    {
        Assert.Empty(SchemaDiff.Compare(Schema(User(), Team()), Schema(Team(), User())));
        Assert.Equal(Schema(User(), Team()), Schema(User(), Team()));
        Assert.Equal(Schema(User()).GetHashCode(), Schema(User()).GetHashCode());
    }

    [Fact]
    public void An_extra_column_is_reported_in_plain_words()
    {
        var actual = User(columns: [.. User().Columns, new Column("nickname", "text", true, null)]);

        var difference = Single(Schema(User()), Schema(actual));

        Assert.Equal(new SchemaDifference(DifferenceKind.Extra, SchemaObjectType.Column, "User", "User.nickname", null, null, null,
            "column User.nickname exists in the database but no migration creates it"), difference);
    }

    [Fact]
    public void A_missing_table_is_one_difference_not_one_per_column()
    {
        var difference = Single(Schema(User(), Team()), Schema(User()));

        Assert.Equal((DifferenceKind.Missing, SchemaObjectType.Table, "Team"), (difference.Kind, difference.ObjectType, difference.Path));
        Assert.Equal("table Team is created by the migrations but is missing from the database", difference.Message);
    }

    [Fact]
    public void An_extra_table_is_reported()
    {
        var difference = Single(Schema(User()), Schema(User(), Team()));

        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.Table, "Team", "Team"), (difference.Kind, difference.ObjectType, difference.Table, difference.Path));
    }

    [Theory]
    [InlineData("type", "text", "character varying(255)")]
    [InlineData("nullability", "NOT NULL", "NULL")]
    [InlineData("default", null, "'x'")]
    public void A_changed_column_property_names_the_property_and_both_values(string property, string? expected, string? actual)
    {
        var changed = property switch
        {
            "type" => new Column("email", "character varying(255)", false, null),
            "nullability" => new Column("email", "text", true, null),
            _ => new Column("email", "text", false, "'x'"),
        };
        var columns = User().Columns.Select(c => c.Name == "email" ? changed : c).ToList();

        var difference = Single(Schema(User()), Schema(User(columns: columns)));

        Assert.Equal((DifferenceKind.Changed, SchemaObjectType.Column, "User.email", property, expected, actual),
            (difference.Kind, difference.ObjectType, difference.Path, difference.Property, difference.Expected, difference.Actual));
        Assert.Equal($"column User.email differs: {property} is {expected ?? "none"} in the migrations but {actual ?? "none"} in the database", difference.Message);
    }

    [Fact]
    public void A_serial_column_that_lost_its_sequence_is_an_identity_change()
    {
        var columns = User().Columns.Select(c => c.Name == "id" ? c with { Identity = ColumnIdentity.None } : c).ToList();

        var difference = Single(Schema(User()), Schema(User(columns: columns)));

        Assert.Equal(("identity", "serial", (string?)null), (difference.Property, difference.Expected, difference.Actual));
    }

    [Fact]
    public void Primary_keys_are_compared_by_presence_name_and_columns()
    {
        var noKey = User() with { PrimaryKey = null };
        var otherColumns = User(primaryKey: new PrimaryKey("User_pkey", ["id", "email"]));

        Assert.Equal((DifferenceKind.Missing, SchemaObjectType.PrimaryKey, "User.User_pkey"), Tuple(Single(Schema(User()), Schema(noKey))));
        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.PrimaryKey, "User.User_pkey"), Tuple(Single(Schema(noKey), Schema(User()))));
        var changed = Single(Schema(User()), Schema(otherColumns));
        Assert.Equal(("columns", "(id)", "(id, email)"), (changed.Property, changed.Expected, changed.Actual));
    }

    [Fact]
    public void Index_changes_name_the_property_that_differs()
    {
        TableIndex Email(bool unique = true, string? predicate = null, string? method = null, bool descending = false) =>
            new("User_email_key", [new IndexKey("email", false, descending)], unique, predicate, method);

        Assert.Equal(("unique", "true", "false"), Change(Email(), Email(unique: false)));
        Assert.Equal(("predicate", null, "email IS NOT NULL"), Change(Email(), Email(predicate: "email IS NOT NULL")));
        Assert.Equal(("method", "btree", "hash"), Change(Email(), Email(method: "hash")));
        Assert.Equal(("columns", "(email)", "(email DESC)"), Change(Email(), Email(descending: true)));
        Assert.Empty(SchemaDiff.Compare(Schema(User(indexes: [Email()])), Schema(User(indexes: [Email(method: "btree")]))));

        static (string?, string?, string?) Change(TableIndex expected, TableIndex actual)
        {
            var difference = Single(Schema(User(indexes: [expected])), Schema(User(indexes: [actual])));
            Assert.Equal((DifferenceKind.Changed, SchemaObjectType.Index, "User.User_email_key"), Tuple(difference));
            return (difference.Property, difference.Expected, difference.Actual);
        }
    }

    [Fact]
    public void An_extra_index_is_reported()
    {
        var extra = User(indexes: [.. User().Indexes, new TableIndex("User_teamId_idx", [IndexKey.Column("teamId")], false, null, null)]);

        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.Index, "User.User_teamId_idx"), Tuple(Single(Schema(User()), Schema(extra))));
    }

    [Fact]
    public void A_unique_constraint_and_a_unique_index_of_the_same_name_and_columns_are_alike_as_Prisma_sees_them()
    {
        var asConstraint = User(uniques: [new UniqueConstraint("User_email_key", ["email"])], indexes: []);

        Assert.Empty(SchemaDiff.Compare(Schema(User()), Schema(asConstraint)));
        var strict = SchemaDiff.Compare(Schema(User()), Schema(asConstraint), new SchemaDiffOptions { UniqueConstraintsAsIndexes = false });
        Assert.Equal(
            [(DifferenceKind.Missing, SchemaObjectType.Index, "User.User_email_key"), (DifferenceKind.Extra, SchemaObjectType.UniqueConstraint, "User.User_email_key")],
            strict.Select(Tuple));
    }

    [Fact]
    public void Unique_constraints_on_other_columns_differ_in_either_mode()
    {
        var expected = User(uniques: [new UniqueConstraint("User_email_key", ["email"])], indexes: []);
        var actual = User(uniques: [new UniqueConstraint("User_email_key", ["email", "teamId"])], indexes: []);

        Assert.Equal(SchemaObjectType.Index, Single(Schema(expected), Schema(actual)).ObjectType);
        var strict = Single(Schema(expected), Schema(actual), new SchemaDiffOptions { UniqueConstraintsAsIndexes = false });
        Assert.Equal((SchemaObjectType.UniqueConstraint, "columns", "(email)", "(email, teamId)"), (strict.ObjectType, strict.Property, strict.Expected, strict.Actual));
    }

    [Fact]
    public void Foreign_keys_are_missing_or_changed_by_action()
    {
        var cascade = User(foreignKeys: [User().ForeignKeys[0] with { OnDelete = ReferentialAction.Cascade }]);

        Assert.Equal((DifferenceKind.Missing, SchemaObjectType.ForeignKey, "User.User_teamId_fkey"), Tuple(Single(Schema(User()), Schema(User(foreignKeys: [])))));
        var changed = Single(Schema(User()), Schema(cascade));
        Assert.Equal(("on delete", "SET NULL", "CASCADE"), (changed.Property, changed.Expected, changed.Actual));
    }

    [Fact]
    public void Check_constraints_compare_their_expressions()
    {
        var expected = User(checks: [new CheckConstraint("User_id_check", "id > 0")]);
        var actual = User(checks: [new CheckConstraint("User_id_check", "id >= 0")]);

        var changed = Single(Schema(expected), Schema(actual));
        Assert.Equal((SchemaObjectType.Check, "expression", "id > 0", "id >= 0"), (changed.ObjectType, changed.Property, changed.Expected, changed.Actual));
        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.Check, "User.User_id_check"), Tuple(Single(Schema(User()), Schema(expected))));
    }

    [Fact]
    public void Enum_values_are_missing_extra_or_reordered()
    {
        DatabaseSchema WithRole(params string[] values) => new([], [new EnumType("Role", values)], [], []);

        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.EnumValue, "Role.OWNER"), Tuple(Single(WithRole("USER", "ADMIN"), WithRole("USER", "ADMIN", "OWNER"))));
        Assert.Equal((DifferenceKind.Missing, SchemaObjectType.EnumValue, "Role.ADMIN"), Tuple(Single(WithRole("USER", "ADMIN"), WithRole("USER"))));
        var reordered = Single(WithRole("USER", "ADMIN"), WithRole("ADMIN", "USER"));
        Assert.Equal((SchemaObjectType.Enum, "value order", "(USER, ADMIN)", "(ADMIN, USER)"), (reordered.ObjectType, reordered.Property, reordered.Expected, reordered.Actual));
        Assert.Equal((DifferenceKind.Missing, SchemaObjectType.Enum, "Role"), Tuple(Single(WithRole("USER"), DatabaseSchema.Empty)));
    }

    [Fact]
    public void Views_and_sequences_are_compared_by_name_and_definition()
    {
        var view = new DatabaseSchema([], [], [new View("Active", "SELECT 1")], []);
        var changedView = new DatabaseSchema([], [], [new View("Active", "SELECT 2")], []);
        var sequence = new DatabaseSchema([], [], [], [new Sequence("ticket", "bigint", 1, 1, 1, long.MaxValue, false)]);

        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.View, "Active"), Tuple(Single(DatabaseSchema.Empty, view)));
        Assert.Equal(("definition", "SELECT 1", "SELECT 2"), Property(Single(view, changedView)));
        Assert.Equal((DifferenceKind.Extra, SchemaObjectType.Sequence, "ticket"), Tuple(Single(DatabaseSchema.Empty, sequence)));
        Assert.Equal(("increment", "1", "2"), Property(Single(sequence, new DatabaseSchema([], [], [], [sequence.Sequences[0] with { Increment = 2 }]))));
    }

    [Fact]
    public void Differences_are_ordered_by_table_then_object_type_then_name_whatever_the_input_order()
    {
        var expected = new DatabaseSchema([User(), Team()], [new EnumType("Role", ["USER"])], [], []);
        var actualUser = User(
            columns: [.. User().Columns, new Column("b", "text", true, null), new Column("a", "text", true, null)],
            indexes: [.. User().Indexes, new TableIndex("User_a_idx", [IndexKey.Column("a")], false, null, null)],
            foreignKeys: []);
        var actualTeam = Team() with { Columns = [.. Team().Columns, new Column("name", "text", true, null)] };
        var actual = new DatabaseSchema([actualTeam, actualUser], [], [new View("V", "SELECT 1")], []);

        var paths = SchemaDiff.Compare(expected, actual).Select(d => (d.ObjectType, d.Path)).ToList();

        Assert.Equal(
            [
                (SchemaObjectType.Enum, "Role"),
                (SchemaObjectType.View, "V"),
                (SchemaObjectType.Column, "Team.name"),
                (SchemaObjectType.Column, "User.a"),
                (SchemaObjectType.Column, "User.b"),
                (SchemaObjectType.Index, "User.User_a_idx"),
                (SchemaObjectType.ForeignKey, "User.User_teamId_fkey"),
            ],
            paths);
        Assert.Equal(paths, SchemaDiff.Compare(expected, new DatabaseSchema([actualUser, actualTeam], [], actual.Views, [])).Select(d => (d.ObjectType, d.Path)));
    }

    private static (DifferenceKind, SchemaObjectType, string) Tuple(SchemaDifference d) => (d.Kind, d.ObjectType, d.Path);

    private static (string?, string?, string?) Property(SchemaDifference d) => (d.Property, d.Expected, d.Actual);
}
