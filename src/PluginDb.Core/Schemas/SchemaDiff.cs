using System.Globalization;

namespace PluginDb.Core.Schemas;

/// <summary>
/// The pure comparison of an expected schema (what the migrations create) with an actual one (the
/// database): objects are matched by name, as Weasel's <c>ItemDelta</c> does, into missing, extra and
/// changed, and drift is returned as data, never thrown. The order is stable: by table (enums, views
/// and sequences first), then object type, then name, then property.
/// </summary>
public static partial class SchemaDiff
{
    public static IReadOnlyList<SchemaDifference> Compare(DatabaseSchema expected, DatabaseSchema actual, SchemaDiffOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(expected);
        ArgumentNullException.ThrowIfNull(actual);
        options ??= SchemaDiffOptions.Default;
        var differences = new List<SchemaDifference>();

        Match(expected.Tables, actual.Tables, t => t.Name,
            t => differences.Add(Missing(SchemaObjectType.Table, t.Name, t.Name)),
            t => differences.Add(Extra(SchemaObjectType.Table, t.Name, t.Name)),
            (e, a) => CompareTable(e, a, options, differences));

        Match(expected.Enums, actual.Enums, e => e.Name,
            e => differences.Add(Missing(SchemaObjectType.Enum, null, e.Name)),
            e => differences.Add(Extra(SchemaObjectType.Enum, null, e.Name)),
            (e, a) => CompareEnum(e, a, differences));

        Match(expected.Views, actual.Views, v => v.Name,
            v => differences.Add(Missing(SchemaObjectType.View, null, v.Name)),
            v => differences.Add(Extra(SchemaObjectType.View, null, v.Name)),
            (e, a) => Property(differences, SchemaObjectType.View, null, e.Name, "definition", e.Definition, a.Definition));

        Match(expected.Sequences, actual.Sequences, s => s.Name,
            s => differences.Add(Missing(SchemaObjectType.Sequence, null, s.Name)),
            s => differences.Add(Extra(SchemaObjectType.Sequence, null, s.Name)),
            (e, a) => CompareSequence(e, a, differences));

        return differences
            .OrderBy(d => d.Table ?? string.Empty, StringComparer.Ordinal)
            .ThenBy(d => d.ObjectType)
            .ThenBy(d => d.Path, StringComparer.Ordinal)
            .ThenBy(d => d.Property ?? string.Empty, StringComparer.Ordinal)
            .ToList();
    }

    private static void CompareEnum(EnumType expected, EnumType actual, List<SchemaDifference> differences)
    {
        var expectedValues = expected.Values.ToHashSet(StringComparer.Ordinal);
        var actualValues = actual.Values.ToHashSet(StringComparer.Ordinal);
        foreach (var value in expected.Values.Where(v => !actualValues.Contains(v)))
        {
            differences.Add(Missing(SchemaObjectType.EnumValue, null, expected.Name + "." + value));
        }
        foreach (var value in actual.Values.Where(v => !expectedValues.Contains(v)))
        {
            differences.Add(Extra(SchemaObjectType.EnumValue, null, expected.Name + "." + value));
        }
        var commonExpected = expected.Values.Where(actualValues.Contains).ToList();
        var commonActual = actual.Values.Where(expectedValues.Contains).ToList();
        if (!commonExpected.SequenceEqual(commonActual, StringComparer.Ordinal))
        {
            Property(differences, SchemaObjectType.Enum, null, expected.Name, "value order", List(commonExpected), List(commonActual));
        }
    }

    private static void CompareSequence(Sequence expected, Sequence actual, List<SchemaDifference> differences)
    {
        void Check(string property, string e, string a) => Property(differences, SchemaObjectType.Sequence, null, expected.Name, property, e, a);
        Check("data type", expected.DataType, actual.DataType);
        Check("start", Number(expected.Start), Number(actual.Start));
        Check("increment", Number(expected.Increment), Number(actual.Increment));
        Check("minimum", Number(expected.MinValue), Number(actual.MinValue));
        Check("maximum", Number(expected.MaxValue), Number(actual.MaxValue));
        Check("cycle", Flag(expected.Cycle), Flag(actual.Cycle));
    }

    // Pairs items by exact name: the unmatched expected ones are missing, the unmatched actual ones extra.
    private static void Match<T>(
        IReadOnlyList<T> expected,
        IReadOnlyList<T> actual,
        Func<T, string> name,
        Action<T> missing,
        Action<T> extra,
        Action<T, T> both)
    {
        var actualByName = new Dictionary<string, T>(StringComparer.Ordinal);
        foreach (var item in actual)
        {
            actualByName.TryAdd(name(item), item);
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in expected)
        {
            var key = name(item);
            if (!seen.Add(key))
            {
                continue;
            }
            if (actualByName.TryGetValue(key, out var match))
            {
                both(item, match);
            }
            else
            {
                missing(item);
            }
        }
        foreach (var item in actual.Where(a => !seen.Contains(name(a))))
        {
            if (seen.Add(name(item)))
            {
                extra(item);
            }
        }
    }

    private static void Property(
        List<SchemaDifference> differences,
        SchemaObjectType type,
        string? table,
        string path,
        string property,
        string? expected,
        string? actual)
    {
        if (string.Equals(expected, actual, StringComparison.Ordinal))
        {
            return;
        }
        var message = $"{Word(type)} {path} differs: {property} is {expected ?? "none"} in the migrations but {actual ?? "none"} in the database";
        differences.Add(new SchemaDifference(DifferenceKind.Changed, type, table, path, property, expected, actual, message));
    }

    private static SchemaDifference Missing(SchemaObjectType type, string? table, string path) =>
        new(DifferenceKind.Missing, type, table, path, null, null, null,
            $"{Word(type)} {path} is created by the migrations but is missing from the database");

    private static SchemaDifference Extra(SchemaObjectType type, string? table, string path) =>
        new(DifferenceKind.Extra, type, table, path, null, null, null,
            $"{Word(type)} {path} exists in the database but no migration creates it");

    private static string Word(SchemaObjectType type) => type switch
    {
        SchemaObjectType.Table => "table",
        SchemaObjectType.Column => "column",
        SchemaObjectType.PrimaryKey => "primary key",
        SchemaObjectType.Index => "index",
        SchemaObjectType.UniqueConstraint => "unique constraint",
        SchemaObjectType.ForeignKey => "foreign key",
        SchemaObjectType.Check => "check constraint",
        SchemaObjectType.Enum => "enum",
        SchemaObjectType.EnumValue => "enum value",
        SchemaObjectType.View => "view",
        SchemaObjectType.Sequence => "sequence",
        _ => type.ToString(),
    };

    private static string List(IEnumerable<string> items) => "(" + string.Join(", ", items) + ")";

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Flag(bool value) => value ? "true" : "false";
}
