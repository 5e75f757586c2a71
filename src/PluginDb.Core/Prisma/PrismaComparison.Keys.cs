using System.Text.RegularExpressions;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

public static partial class PrismaComparison
{
    /// <summary>
    /// Indexes and unique constraints (one kind to Prisma) pair by shape: their key columns in order with
    /// their sort, unique or not, the access method, non-default operator classes and, with
    /// <c>partialIndexes</c>, the predicate. One with no partner on schema.prisma's side is created, one with
    /// none on the migrations' side dropped; names do not pair them. A migrations' index that is the only
    /// one of its columns and kind, paired with one of another name, is renamed. So two indexes on the
    /// same columns where schema.prisma declares one are no difference at all. An expression index is
    /// never described; a partial index, without the preview feature, is described without its predicate
    /// and never dropped.
    /// </summary>
    private static void CompareIndexes(Table expected, Table actual, Context context)
    {
        var table = expected.Name;
        var partial = context.Mapping.PartialIndexes;
        var actualIndexes = new List<(TableIndex Index, bool WasPartial)>();
        foreach (var index in actual.Indexes.Concat(actual.UniqueConstraints.Select(u => new TableIndex(u.Name, u.Columns.Select(IndexKey.Column).ToList(), true, null, null))))
        {
            if (index.Keys.Any(k => k.IsExpression))
            {
                context.Ignored.Add(new PrismaIgnoredObject(SchemaObjectType.Index, table, index.Name, "Prisma does not read expression indexes"));
                continue;
            }
            actualIndexes.Add(partial || index.Predicate is null ? (index, false) : (index with { Predicate = null }, true));
        }
        var expectedIndexes = expected.Indexes.Select(i => partial ? i : i with { Predicate = null }).ToList();

        var created = expectedIndexes.Where(e => !actualIndexes.Any(a => SameShape(a.Index, e, context))).ToList();
        var dropped = new List<TableIndex>();
        foreach (var (index, wasPartial) in actualIndexes.Where(a => !expectedIndexes.Any(e => SameShape(a.Index, e, context))))
        {
            if (wasPartial)
            {
                context.Ignored.Add(new PrismaIgnoredObject(SchemaObjectType.Index, table, index.Name,
                    "a partial index, which Prisma leaves alone without the partialIndexes preview feature"));
            }
            else
            {
                dropped.Add(index);
            }
        }
        // Dropped and created under one name is, to a person, one index whose definition changed.
        foreach (var index in created)
        {
            if (dropped.FirstOrDefault(d => string.Equals(d.Name, index.Name, StringComparison.Ordinal)) is { } old)
            {
                dropped.Remove(old);
                context.Changed(SchemaObjectType.Index, table, table + "." + index.Name, "definition", Definition(index), Definition(old));
            }
            else
            {
                context.Add(DifferenceKind.Missing, SchemaObjectType.Index, table, table + "." + index.Name);
            }
        }
        foreach (var index in dropped)
        {
            context.Add(DifferenceKind.Extra, SchemaObjectType.Index, table, table + "." + index.Name);
        }
        foreach (var (index, _) in actualIndexes)
        {
            if (actualIndexes.Count(a => a.Index.Unique == index.Unique && SameColumns(a.Index, index)) != 1 ||
                expectedIndexes.FirstOrDefault(e => SameShape(index, e, context)) is not { } partner ||
                string.Equals(partner.Name, index.Name, StringComparison.Ordinal))
            {
                continue;
            }
            context.Changed(SchemaObjectType.Index, table, table + "." + partner.Name, "name", partner.Name, index.Name);
        }
    }

    private static string Definition(TableIndex index) =>
        (index.Unique ? "UNIQUE " : "") + "(" + string.Join(", ", index.Keys.Select(k => k.ToString())) + ")" +
        (index.Method is { } method ? " USING " + method : "") + (index.Predicate is { } predicate ? " WHERE " + predicate : "");

    private static bool SameColumns(TableIndex a, TableIndex b) =>
        a.Keys.Count == b.Keys.Count && a.Keys.Zip(b.Keys).All(k => string.Equals(k.First.Text, k.Second.Text, StringComparison.Ordinal));

    private static bool SameShape(TableIndex actual, TableIndex expected, Context context) =>
        actual.Unique == expected.Unique &&
        actual.Keys.Count == expected.Keys.Count &&
        actual.Keys.Zip(expected.Keys).All(k =>
            string.Equals(k.First.Text, k.Second.Text, StringComparison.Ordinal) &&
            k.First.Descending == k.Second.Descending &&
            (string.Equals(k.First.OperatorClass, k.Second.OperatorClass, StringComparison.Ordinal) ||
             (k.First.OperatorClass is null && string.Equals(k.First.DefaultOperatorClass, k.Second.OperatorClass, StringComparison.Ordinal)))) &&
        (!context.Postgres || string.Equals(actual.Method ?? "btree", expected.Method ?? "btree", StringComparison.Ordinal)) &&
        string.Equals(Predicate(actual.Predicate), Predicate(expected.Predicate), StringComparison.Ordinal);

    /// <summary>
    /// A predicate as Prisma compares it (prisma-engines parses both and compares the trees): without
    /// enclosing parentheses, casts after literals, the quotes of a lower-case identifier, and with
    /// <c>!=</c> as <c>&lt;&gt;</c>.
    /// </summary>
    internal static string? Predicate(string? predicate)
    {
        if (predicate is null)
        {
            return null;
        }
        var text = SqlText.MapOutsideQuotes(predicate, p => p.Replace("!=", "<>", StringComparison.Ordinal));
        text = LiteralCast().Replace(text, "${literal}");
        text = PlainQuotedIdentifier().Replace(text, "${name}");
        text = SqlText.CollapseWhitespace(text.Replace("(", " ( ", StringComparison.Ordinal).Replace(")", " ) ", StringComparison.Ordinal));
        while (text.StartsWith("( ", StringComparison.Ordinal) && SqlText.StripOuterParentheses(text) is var inner && inner != text)
        {
            text = inner;
        }
        return text;
    }

    /// <summary>
    /// Foreign keys pair by content: the columns they constrain, the table and columns they reference and
    /// their actions. On PostgreSQL a paired key of another name is renamed, except on the join table of
    /// an implicit many-to-many relation (two columns, A and B); SQLite keeps no names Prisma reads.
    /// </summary>
    private static void CompareForeignKeys(Table expected, Table actual, Context context)
    {
        var table = expected.Name;
        var unmatched = expected.ForeignKeys.ToList();
        var implicitJoin = actual.Columns.Count == 2 && actual.Columns.Select(c => c.Name).Order(StringComparer.Ordinal).SequenceEqual(["A", "B"]);
        foreach (var key in actual.ForeignKeys)
        {
            var partner = unmatched.FirstOrDefault(e => SameReference(key, e));
            if (partner is null)
            {
                context.Add(DifferenceKind.Extra, SchemaObjectType.ForeignKey, table, table + "." + key.Name);
                continue;
            }
            unmatched.Remove(partner);
            if (context.Postgres && !implicitJoin && !string.Equals(key.Name, partner.Name, StringComparison.Ordinal))
            {
                context.Changed(SchemaObjectType.ForeignKey, table, table + "." + partner.Name, "name", partner.Name, key.Name);
            }
        }
        foreach (var key in unmatched)
        {
            context.Add(DifferenceKind.Missing, SchemaObjectType.ForeignKey, table, table + "." + key.Name);
        }
    }

    private static bool SameReference(ForeignKey actual, ForeignKey expected) =>
        actual.Columns.SequenceEqual(expected.Columns, StringComparer.Ordinal) &&
        string.Equals(actual.ReferencedTable, expected.ReferencedTable, StringComparison.Ordinal) &&
        actual.ReferencedColumns.SequenceEqual(expected.ReferencedColumns, StringComparer.Ordinal) &&
        actual.OnDelete == expected.OnDelete &&
        actual.OnUpdate == expected.OnUpdate;

    [GeneratedRegex(@"(?<literal>'(?:[^']|'')*'|\b\d+(?:\.\d+)?\b)::[a-z_][a-z0-9_ ]*(\([0-9, ]*\))?(\[\])?", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralCast();

    [GeneratedRegex(@"""(?<name>[a-z_][a-z0-9_]*)""")]
    private static partial Regex PlainQuotedIdentifier();
}
