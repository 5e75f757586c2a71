using System.Text.RegularExpressions;
using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Tests.Schemas;

/// <summary>
/// The names an independent tool shows for a schema (<c>sqlite3 .schema</c>, <c>pg_dump --schema-only</c>),
/// parsed minimally with regular expressions of its own, and the same names taken from an introspected
/// model: enough to catch an introspector that misses a table, column, index or constraint.
/// </summary>
public sealed partial record SchemaOutline(
    IReadOnlyDictionary<string, int> ColumnsPerTable,
    IReadOnlySet<string> Indexes,
    IReadOnlySet<string> Constraints,
    IReadOnlySet<string> Views,
    IReadOnlySet<string> Enums,
    IReadOnlySet<string> Sequences)
{
    private static readonly string[] Ignored = ["_prisma_migrations", "sqlite_sequence"];

    /// <summary>The outline of an introspected model. SQLite: only names written in the SQL count as constraint names.</summary>
    public static SchemaOutline Of(DatabaseSchema schema, bool sqlite) => new(
        schema.Tables.ToDictionary(t => t.Name, t => t.Columns.Count, StringComparer.Ordinal),
        Set(schema.Tables.SelectMany(t => t.Indexes.Select(i => i.Name))),
        Set(schema.Tables.SelectMany(t =>
            new[] { t.PrimaryKey?.Name }.OfType<string>()
                .Concat(sqlite ? [] : t.UniqueConstraints.Select(u => u.Name))
                .Concat(t.ForeignKeys.Select(f => f.Name))
                .Concat(t.Checks.Select(c => c.Name)))
            .Where(n => !n.StartsWith("FOREIGN KEY (", StringComparison.Ordinal) && !n.StartsWith("CHECK (", StringComparison.Ordinal))),
        Set(schema.Views.Select(v => v.Name)),
        Set(schema.Enums.Select(e => e.Name)),
        Set(schema.Sequences.Select(s => s.Name)));

    /// <summary>The outline of <c>sqlite3 &lt;db&gt; .schema</c>.</summary>
    public static SchemaOutline FromSqliteDump(string dump)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var constraints = new List<string>();
        foreach (Match table in SqliteTable().Matches(dump))
        {
            var name = Name(table.Groups["name"].Value);
            if (Ignored.Contains(name))
            {
                continue;
            }
            // ALTER TABLE … ADD COLUMN appends to the stored text, so items are split at top-level commas, not lines.
            var items = TopLevelItems(table.Groups["body"].Value);
            columns[name] = items.Count(l => !SqliteConstraintLine().IsMatch(l));
            constraints.AddRange(items.SelectMany(l => ConstraintName().Matches(l).Select(m => Name(m.Groups["name"].Value))));
        }
        return new SchemaOutline(columns,
            Set(CreateIndex().Matches(dump).Select(m => Name(m.Groups["name"].Value))),
            Set(constraints),
            Set(CreateView().Matches(dump).Select(m => Name(m.Groups["name"].Value))),
            Set([]),
            Set([]));
    }

    /// <summary>The outline of <c>pg_dump --schema-only --schema=&lt;schema&gt;</c>.</summary>
    public static SchemaOutline FromPgDump(string dump)
    {
        var columns = new Dictionary<string, int>(StringComparer.Ordinal);
        var constraints = new List<string>();
        foreach (Match table in PgTable().Matches(dump))
        {
            var name = Name(table.Groups["name"].Value);
            if (Ignored.Contains(name))
            {
                continue;
            }
            var lines = table.Groups["body"].Value.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
            columns[name] = lines.Count(l => !l.StartsWith("CONSTRAINT ", StringComparison.Ordinal));
            constraints.AddRange(lines.SelectMany(l => ConstraintName().Matches(l).Select(m => Name(m.Groups["name"].Value))));
        }
        foreach (Match added in PgAddConstraint().Matches(dump))
        {
            if (!Ignored.Contains(Name(added.Groups["table"].Value)))
            {
                constraints.Add(Name(added.Groups["name"].Value));
            }
        }
        var owned = PgOwnedSequence().Matches(dump).Select(m => Name(m.Groups["name"].Value)).ToHashSet(StringComparer.Ordinal);
        return new SchemaOutline(columns,
            Set(CreateIndex().Matches(dump).Select(m => Name(m.Groups["name"].Value))),
            Set(constraints),
            Set(CreateView().Matches(dump).Select(m => Name(m.Groups["name"].Value))),
            Set(PgEnum().Matches(dump).Select(m => Name(m.Groups["name"].Value))),
            Set(PgSequence().Matches(dump).Select(m => Name(m.Groups["name"].Value)).Where(s => !owned.Contains(s))));
    }

    /// <summary>Asserts that the tool saw tables at all and that the model shows the same names.</summary>
    public static void AssertAgree(SchemaOutline tool, DatabaseSchema model, bool sqlite)
    {
        ArgumentNullException.ThrowIfNull(tool);
        Assert.NotEmpty(tool.ColumnsPerTable);
        Assert.Empty(Compare(tool, Of(model, sqlite)));
    }

    /// <summary>What differs between two outlines, one line per difference; empty when they agree.</summary>
    public static IReadOnlyList<string> Compare(SchemaOutline tool, SchemaOutline model)
    {
        var lines = new List<string>();
        void Sets(string what, IReadOnlySet<string> t, IReadOnlySet<string> m)
        {
            lines.AddRange(t.Except(m).Select(n => $"{what} {n}: in the tool's output, not in the model"));
            lines.AddRange(m.Except(t).Select(n => $"{what} {n}: in the model, not in the tool's output"));
        }
        Sets("table", tool.ColumnsPerTable.Keys.ToHashSet(), model.ColumnsPerTable.Keys.ToHashSet());
        lines.AddRange(tool.ColumnsPerTable.Where(t => model.ColumnsPerTable.TryGetValue(t.Key, out var count) && count != t.Value)
            .Select(t => $"table {t.Key}: {t.Value} columns in the tool's output, {model.ColumnsPerTable[t.Key]} in the model"));
        Sets("index", tool.Indexes, model.Indexes);
        Sets("constraint", tool.Constraints, model.Constraints);
        Sets("view", tool.Views, model.Views);
        Sets("enum", tool.Enums, model.Enums);
        Sets("sequence", tool.Sequences, model.Sequences);
        return lines;
    }

    private static List<string> TopLevelItems(string body)
    {
        var items = new List<string>();
        var depth = 0;
        var start = 0;
        char? quote = null;
        for (var i = 0; i < body.Length; i++)
        {
            var c = body[i];
            if (quote is not null)
            {
                quote = c == quote ? null : quote;
            }
            else if (c is '\'' or '"')
            {
                quote = c;
            }
            else if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                items.Add(body[start..i].Trim());
                start = i + 1;
            }
        }
        items.Add(body[start..].Trim());
        return items.Where(item => item.Length > 0).ToList();
    }

    private static HashSet<string> Set(IEnumerable<string> names) => names.ToHashSet(StringComparer.Ordinal);

    // "x" or x, possibly schema-qualified: the last part, unquoted.
    private static string Name(string text)
    {
        var parts = QualifiedPart().Matches(text).Select(m => m.Value).ToList();
        var last = parts.Count == 0 ? text : parts[^1];
        return last.StartsWith('"') ? last[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal) : last;
    }

    private const string Identifier = @"(?:""(?:[^""]|"""")+""|[\w$]+)";

    [GeneratedRegex(Identifier)]
    private static partial Regex QualifiedPart();

    [GeneratedRegex(@"^CREATE TABLE (?:IF NOT EXISTS )?(?<name>" + Identifier + @")\s*\((?<body>.*?)\n?\)(?: WITHOUT ROWID| STRICT)*;$", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex SqliteTable();

    [GeneratedRegex(@"^(CONSTRAINT|PRIMARY KEY|FOREIGN KEY|UNIQUE|CHECK)\b", RegexOptions.IgnoreCase)]
    private static partial Regex SqliteConstraintLine();

    [GeneratedRegex(@"\bCONSTRAINT (?<name>" + Identifier + ")")]
    private static partial Regex ConstraintName();

    [GeneratedRegex(@"^CREATE (?:UNIQUE )?INDEX (?:IF NOT EXISTS )?(?<name>" + Identifier + @"(?:\." + Identifier + ")?) ON ", RegexOptions.Multiline)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^CREATE VIEW (?:IF NOT EXISTS )?(?<name>" + Identifier + @"(?:\." + Identifier + ")?)", RegexOptions.Multiline)]
    private static partial Regex CreateView();

    [GeneratedRegex(@"^CREATE TABLE (?<name>" + Identifier + @"\." + Identifier + @") \((?<body>.*?)\n\)", RegexOptions.Multiline | RegexOptions.Singleline)]
    private static partial Regex PgTable();

    [GeneratedRegex(@"^ALTER TABLE (?:ONLY )?(?<table>" + Identifier + @"\." + Identifier + @")\s+ADD CONSTRAINT (?<name>" + Identifier + ")", RegexOptions.Multiline)]
    private static partial Regex PgAddConstraint();

    [GeneratedRegex(@"^CREATE TYPE (?<name>" + Identifier + @"\." + Identifier + @") AS ENUM", RegexOptions.Multiline)]
    private static partial Regex PgEnum();

    [GeneratedRegex(@"^CREATE SEQUENCE (?<name>" + Identifier + @"\." + Identifier + ")", RegexOptions.Multiline)]
    private static partial Regex PgSequence();

    [GeneratedRegex(@"^ALTER SEQUENCE (?<name>" + Identifier + @"\." + Identifier + @") OWNED BY", RegexOptions.Multiline)]
    private static partial Regex PgOwnedSequence();
}
