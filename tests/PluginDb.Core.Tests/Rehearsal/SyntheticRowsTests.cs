using PluginDb.Core.Rehearsal;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Rehearsal;

/// <summary>The rows a rehearsal puts into the base's tables (what a real server makes of them: RehearsalTests).</summary>
public sealed class SyntheticRowsTests
{
    private static readonly Table Customer = new("Customer",
        [new Column("id", "integer", false, null, ColumnIdentity.Serial), new Column("email", "text", false, null), new Column("note", "text", true, null)],
        new PrimaryKey("Customer_pkey", ["id"]), [], [new TableIndex("Customer_email_key", [IndexKey.Column("email")], true, null, null)], [], []);

    private static readonly Table Order = new("Order",
        [new Column("id", "integer", false, null), new Column("customerId", "integer", true, null), new Column("role", "\"Role\"", false, null)],
        new PrimaryKey("Order_pkey", ["id"]), [], [],
        [new ForeignKey("Order_customerId_fkey", ["customerId"], "Customer", ["id"], ReferentialAction.Restrict, ReferentialAction.Cascade)], []);

    [Fact]
    public void Parents_come_first_unique_columns_differ_per_row_others_repeat_and_are_null_where_allowed()
    {
        var plan = SyntheticRows.Plan(new DatabaseSchema([Order, Customer], [new EnumType("Role", ["USER", "ADMIN"])], [], []));

        Assert.Equal(["Customer", "Order"], plan.Select(p => p.Table));
        Assert.Equal(
            "INSERT INTO \"Customer\" (\"id\", \"email\", \"note\") OVERRIDING SYSTEM VALUE VALUES (1, '1', '1'), (2, '2', NULL);",
            plan[0].Sql);
        Assert.Equal(
            "INSERT INTO \"Order\" (\"id\", \"customerId\", \"role\") OVERRIDING SYSTEM VALUE VALUES (1, 1, 'USER'), (2, NULL, 'USER');",
            plan[1].Sql);
    }

    private static Table Cyclic(string name, string other, bool nullable) => new(name,
        [new Column("id", "integer", false, null), new Column("otherId", "integer", nullable, null)],
        new PrimaryKey(null, ["id"]), [], [], [new ForeignKey(name + "_fkey", ["otherId"], other, ["id"], ReferentialAction.SetNull, ReferentialAction.Cascade)], []);

    [Fact]
    public void A_cycle_of_required_references_comes_last_in_name_order()
    {
        var plan = SyntheticRows.Plan(new DatabaseSchema([Cyclic("B", "A", nullable: false), Cyclic("A", "B", nullable: false), Customer], [], [], []));

        Assert.Equal(["Customer", "A", "B"], plan.Select(p => p.Table));
    }

    [Fact]
    public void A_cycle_through_a_nullable_reference_is_broken_by_leaving_it_null()
    {
        // User ⇄ Subscription in real schemas: B's reference to A is optional, so B goes first with NULL there.
        var plan = SyntheticRows.Plan(new DatabaseSchema([Cyclic("A", "B", nullable: false), Cyclic("B", "A", nullable: true)], [], [], []));

        Assert.Equal(["B", "A"], plan.Select(p => p.Table));
        Assert.EndsWith("VALUES (1, NULL), (2, NULL);", plan[0].Sql, StringComparison.Ordinal);
        Assert.EndsWith("VALUES (1, 1), (2, 2);", plan[1].Sql, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("timestamp(3) without time zone", 2, "'2024-01-02 00:00:00'")]
    [InlineData("uuid", 2, "'00000000-0000-4000-8000-000000000002'")]
    [InlineData("text[]", 1, "'{}'")]
    [InlineData("integer[]", 2, "'{2}'")]
    [InlineData("text[]", 2, "'{\"2\"}'")]
    [InlineData("jsonb", 1, "'{\"n\": 1}'")]
    [InlineData("numeric(65,30)", 2, "2")]
    [InlineData("boolean", 2, "false")]
    [InlineData("character varying(3)", 2, "'2'")]
    public void Each_type_gets_a_literal_the_server_converts(string type, int n, string literal)
    {
        Assert.Equal(literal, SyntheticRows.Literal(type, n, new Dictionary<string, EnumType>()));
    }

    [Fact]
    public void A_check_search_varies_only_the_columns_the_checks_name_own_value_first_and_the_rows_take_what_it_found()
    {
        var grant = new Table("Grant",
            [new Column("id", "integer", false, null), new Column("scope", "\"Scope\"", false, null), new Column("token", "text", true, null), new Column("other", "text", false, null)],
            new PrimaryKey("Grant_pkey", ["id"]), [], [], [], [new CheckConstraint("Grant_terms", "(scope = 'RESOURCE'::\"Scope\") = (\"token\" IS NOT NULL)")]);
        var schema = new DatabaseSchema([grant], [new EnumType("Scope", ["ORG", "RESOURCE"])], [], []);
        var rows = SyntheticRows.Plan(schema).Single();

        var (columns, queries) = SyntheticRows.CheckSearches(rows, grant, schema)!.Value;
        var fitted = SyntheticRows.WithValues(rows, grant, columns, [["RESOURCE", "t"], null]);

        Assert.Equal(["scope", "token"], columns);
        Assert.Equal(2, queries.Count);
        Assert.StartsWith(
            "SELECT \"scope\"::text, \"token\"::text FROM (VALUES (CAST('ORG' AS \"Scope\")), (CAST('RESOURCE' AS \"Scope\"))) AS v0(\"scope\") CROSS JOIN (VALUES (CAST('1' AS text)), ",
            queries[0]);
        Assert.EndsWith("(CAST(NULL AS text))) AS v1(\"token\") WHERE ((scope = 'RESOURCE'::\"Scope\") = (\"token\" IS NOT NULL)) LIMIT 1", queries[0]);
        Assert.Equal(
            "INSERT INTO \"Grant\" (\"id\", \"scope\", \"token\", \"other\") OVERRIDING SYSTEM VALUE VALUES (1, CAST('RESOURCE' AS \"Scope\"), CAST('t' AS text), '1'), (2, 'ORG', NULL, '1');",
            fitted.Sql);
        Assert.Null(SyntheticRows.CheckSearches(rows, grant with { Checks = [] }, schema));
    }
}
