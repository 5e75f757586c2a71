namespace PluginDb.Core.Schemas;

public static partial class SchemaDiff
{
    private static void CompareTable(Table expected, Table actual, SchemaDiffOptions options, List<SchemaDifference> differences)
    {
        var table = expected.Name;
        string PathOf(string name) => table + "." + name;

        Match(expected.Columns, actual.Columns, c => c.Name,
            c => differences.Add(Missing(SchemaObjectType.Column, table, PathOf(c.Name))),
            c => differences.Add(Extra(SchemaObjectType.Column, table, PathOf(c.Name))),
            (e, a) => CompareColumn(table, PathOf(e.Name), e, a, differences));

        ComparePrimaryKey(table, expected.PrimaryKey, actual.PrimaryKey, differences);

        var (expectedUniques, expectedIndexes) = Split(expected, options);
        var (actualUniques, actualIndexes) = Split(actual, options);

        Match(expectedIndexes, actualIndexes, i => i.Name,
            i => differences.Add(Missing(SchemaObjectType.Index, table, PathOf(i.Name))),
            i => differences.Add(Extra(SchemaObjectType.Index, table, PathOf(i.Name))),
            (e, a) =>
            {
                void Check(string property, string? ev, string? av) => Property(differences, SchemaObjectType.Index, table, PathOf(e.Name), property, ev, av);
                Check("columns", List(e.Keys.Select(k => k.ToString())), List(a.Keys.Select(k => k.ToString())));
                Check("unique", Flag(e.Unique), Flag(a.Unique));
                Check("predicate", e.Predicate, a.Predicate);
                Check("method", e.Method ?? "btree", a.Method ?? "btree");
            });

        Match(expectedUniques, actualUniques, u => u.Name,
            u => differences.Add(Missing(SchemaObjectType.UniqueConstraint, table, PathOf(u.Name))),
            u => differences.Add(Extra(SchemaObjectType.UniqueConstraint, table, PathOf(u.Name))),
            (e, a) => Property(differences, SchemaObjectType.UniqueConstraint, table, PathOf(e.Name), "columns", List(e.Columns), List(a.Columns)));

        Match(expected.ForeignKeys, actual.ForeignKeys, f => f.Name,
            f => differences.Add(Missing(SchemaObjectType.ForeignKey, table, PathOf(f.Name))),
            f => differences.Add(Extra(SchemaObjectType.ForeignKey, table, PathOf(f.Name))),
            (e, a) =>
            {
                void Check(string property, string ev, string av) => Property(differences, SchemaObjectType.ForeignKey, table, PathOf(e.Name), property, ev, av);
                Check("columns", List(e.Columns), List(a.Columns));
                Check("referenced table", e.ReferencedTable, a.ReferencedTable);
                Check("referenced columns", List(e.ReferencedColumns), List(a.ReferencedColumns));
                Check("on delete", Action(e.OnDelete), Action(a.OnDelete));
                Check("on update", Action(e.OnUpdate), Action(a.OnUpdate));
            });

        Match(expected.Checks, actual.Checks, c => c.Name,
            c => differences.Add(Missing(SchemaObjectType.Check, table, PathOf(c.Name))),
            c => differences.Add(Extra(SchemaObjectType.Check, table, PathOf(c.Name))),
            (e, a) => Property(differences, SchemaObjectType.Check, table, PathOf(e.Name), "expression", e.Expression, a.Expression));
    }

    private static void CompareColumn(string table, string path, Column expected, Column actual, List<SchemaDifference> differences)
    {
        void Check(string property, string? e, string? a) => Property(differences, SchemaObjectType.Column, table, path, property, e, a);
        Check("type", expected.Type, actual.Type);
        Check("nullability", Nullability(expected.Nullable), Nullability(actual.Nullable));
        Check("default", expected.Default, actual.Default);
        Check("identity", Identity(expected.Identity), Identity(actual.Identity));
    }

    private static void ComparePrimaryKey(string table, PrimaryKey? expected, PrimaryKey? actual, List<SchemaDifference> differences)
    {
        static string PathOf(string table, PrimaryKey key) => table + "." + (key.Name ?? "primary key");
        switch (expected, actual)
        {
            case (null, null):
                return;
            case (not null, null):
                differences.Add(Missing(SchemaObjectType.PrimaryKey, table, PathOf(table, expected)));
                return;
            case (null, not null):
                differences.Add(Extra(SchemaObjectType.PrimaryKey, table, PathOf(table, actual)));
                return;
            case (not null, not null):
                var path = PathOf(table, expected);
                Property(differences, SchemaObjectType.PrimaryKey, table, path, "name", expected.Name, actual.Name);
                Property(differences, SchemaObjectType.PrimaryKey, table, path, "columns", List(expected.Columns), List(actual.Columns));
                return;
        }
    }

    // With UniqueConstraintsAsIndexes a constraint is compared as the unique index that enforces it.
    private static (IReadOnlyList<UniqueConstraint> Uniques, IReadOnlyList<TableIndex> Indexes) Split(Table table, SchemaDiffOptions options) =>
        options.UniqueConstraintsAsIndexes
            ? ([], [.. table.Indexes, .. table.UniqueConstraints.Select(u => new TableIndex(u.Name, u.Columns.Select(IndexKey.Column).ToList(), true, null, null))])
            : (table.UniqueConstraints, table.Indexes);

    private static string Nullability(bool nullable) => nullable ? "NULL" : "NOT NULL";

    private static string? Identity(ColumnIdentity identity) => identity switch
    {
        ColumnIdentity.None => null,
        ColumnIdentity.Serial => "serial",
        ColumnIdentity.IdentityAlways => "GENERATED ALWAYS AS IDENTITY",
        ColumnIdentity.IdentityByDefault => "GENERATED BY DEFAULT AS IDENTITY",
        ColumnIdentity.Autoincrement => "AUTOINCREMENT",
        _ => identity.ToString(),
    };

    private static string Action(ReferentialAction action) => action switch
    {
        ReferentialAction.NoAction => "NO ACTION",
        ReferentialAction.Restrict => "RESTRICT",
        ReferentialAction.Cascade => "CASCADE",
        ReferentialAction.SetNull => "SET NULL",
        ReferentialAction.SetDefault => "SET DEFAULT",
        _ => action.ToString(),
    };
}
