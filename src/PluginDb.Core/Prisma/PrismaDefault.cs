using System.Globalization;
using System.Text.Json;

namespace PluginDb.Core.Prisma;

/// <summary>What kind of column default Prisma Migrate holds (prisma-engines' <c>DefaultKind</c>).</summary>
public enum PrismaDefaultKind
{
    /// <summary>A literal: <see cref="PrismaDefault.Literal"/>.</summary>
    Value,

    /// <summary>A list literal of a scalar-list column: <see cref="PrismaDefault.Items"/>.</summary>
    List,

    /// <summary><c>now()</c>, <c>CURRENT_TIMESTAMP</c>.</summary>
    Now,

    /// <summary><c>nextval(…)</c> or <c>autoincrement()</c> on PostgreSQL.</summary>
    Sequence,

    /// <summary>Any other expression, kept as text (<see cref="PrismaDefault.Expression"/>); <c>dbgenerated()</c> without one has none.</summary>
    DbGenerated,
}

/// <summary>The type of a literal default: what Prisma parsed it as.</summary>
public enum PrismaLiteralKind
{
    String,
    Number,
    Boolean,
    Enum,
    Bytes,
    Json,
    DateTime,
}

/// <summary>A literal in a default: <see cref="Text"/> is the string, the number as written, <c>true</c>/<c>false</c>, the enum value, the bytes in lower-case hex, the JSON text or the date-time text.</summary>
public sealed record PrismaLiteral(PrismaLiteralKind Kind, string Text);

/// <summary>
/// A column default as Prisma Migrate compares it: parsed from the database's default expression on the
/// migrations' side (prisma-engines' describers), taken from <c>@default(…)</c> on schema.prisma's side
/// (its schema calculator). Two defaults are the same when <see cref="Matches"/> says so; the rules are
/// the differ's (<c>sql_schema_differ/column.rs</c>, <c>defaults_match</c>), asymmetric as they are.
/// </summary>
public sealed record PrismaDefault(PrismaDefaultKind Kind, PrismaLiteral? Literal = null, IReadOnlyList<PrismaLiteral>? Items = null, string? Expression = null)
{
    public static PrismaDefault Now { get; } = new(PrismaDefaultKind.Now);

    public static PrismaDefault Sequence { get; } = new(PrismaDefaultKind.Sequence);

    public static PrismaDefault Of(PrismaLiteralKind kind, string text) => new(PrismaDefaultKind.Value, new PrismaLiteral(kind, text));

    public static PrismaDefault ListOf(IReadOnlyList<PrismaLiteral> items) => new(PrismaDefaultKind.List, Items: items);

    public static PrismaDefault Generated(string? expression) => new(PrismaDefaultKind.DbGenerated, Expression: expression);

    public bool Equals(PrismaDefault? other) =>
        other is not null && Kind == other.Kind && Equals(Literal, other.Literal) &&
        string.Equals(Expression, other.Expression, StringComparison.Ordinal) &&
        (Items ?? []).SequenceEqual(other.Items ?? []);

    public override int GetHashCode() => HashCode.Combine(Kind, Literal, Expression, Items?.Count);

    /// <summary>How a default is shown in a finding: the literal or expression, <c>now()</c>, <c>autoincrement()</c>.</summary>
    public override string ToString() => Kind switch
    {
        PrismaDefaultKind.Value => Show(Literal!),
        PrismaDefaultKind.List => "[" + string.Join(", ", (Items ?? []).Select(Show)) + "]",
        PrismaDefaultKind.Now => "now()",
        PrismaDefaultKind.Sequence => "autoincrement()",
        _ => Expression is null ? "dbgenerated()" : Expression,
    };

    private static string Show(PrismaLiteral literal) =>
        literal.Kind is PrismaLiteralKind.String or PrismaLiteralKind.DateTime ? "'" + literal.Text.Replace("'", "''", StringComparison.Ordinal) + "'" : literal.Text;

    /// <summary>
    /// Whether Prisma counts the migrations' default (<paramref name="migrations"/>) and schema.prisma's
    /// (<paramref name="schema"/>) as the same; null is no default. <c>dbgenerated()</c> without an
    /// argument matches anything; a sequence matches no default and any sequence; a date-time literal is
    /// never compared; expressions compare as text, ignoring ASCII case.
    /// </summary>
    public static bool Matches(PrismaDefault? migrations, PrismaDefault? schema, bool dateTimeColumn)
    {
        if (schema is { Kind: PrismaDefaultKind.DbGenerated, Expression: null })
        {
            return true;
        }
        switch (migrations?.Kind, schema?.Kind)
        {
            case (null, null):
            case (PrismaDefaultKind.Sequence, null):
            case (_, PrismaDefaultKind.Sequence):
                return true;
            case (PrismaDefaultKind.Sequence, _):
                return false;
            case (PrismaDefaultKind.DbGenerated, PrismaDefaultKind.List) or (PrismaDefaultKind.List, PrismaDefaultKind.DbGenerated) when dateTimeColumn:
                return true;
            case (PrismaDefaultKind.List, PrismaDefaultKind.List):
                return ListsMatch(migrations.Items ?? [], schema.Items ?? []);
            case (PrismaDefaultKind.Value, PrismaDefaultKind.Value):
                return LiteralsMatch(migrations.Literal!, schema.Literal!);
            case var _ when migrations?.Literal?.Kind == PrismaLiteralKind.DateTime || schema?.Literal?.Kind == PrismaLiteralKind.DateTime:
                return true;
            case (PrismaDefaultKind.Now, PrismaDefaultKind.Now):
                return true;
            case (PrismaDefaultKind.DbGenerated, PrismaDefaultKind.DbGenerated):
                return string.Equals(migrations!.Expression, schema!.Expression, StringComparison.OrdinalIgnoreCase);
            default:
                return false;
        }
    }

    private static bool ListsMatch(IReadOnlyList<PrismaLiteral> migrations, IReadOnlyList<PrismaLiteral> schema) =>
        migrations.Count == schema.Count && migrations.Zip(schema).All(pair => LiteralsMatch(pair.First, pair.Second));

    private static bool LiteralsMatch(PrismaLiteral migrations, PrismaLiteral schema)
    {
        if (migrations.Kind == PrismaLiteralKind.DateTime || schema.Kind == PrismaLiteralKind.DateTime)
        {
            return true;
        }
        if (schema.Kind == PrismaLiteralKind.Json && migrations.Kind is PrismaLiteralKind.Json or PrismaLiteralKind.String)
        {
            return JsonMatches(migrations.Text, schema.Text);
        }
        if (migrations.Kind == PrismaLiteralKind.Number && schema.Kind == PrismaLiteralKind.Number)
        {
            return decimal.TryParse(migrations.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var a) &&
                   decimal.TryParse(schema.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var b)
                ? a == b
                : string.Equals(migrations.Text, schema.Text, StringComparison.Ordinal);
        }
        if (migrations.Kind is PrismaLiteralKind.String or PrismaLiteralKind.Enum && schema.Kind is PrismaLiteralKind.String or PrismaLiteralKind.Enum)
        {
            return string.Equals(migrations.Text, schema.Text, StringComparison.Ordinal);
        }
        return migrations == schema;
    }

    // Unparsable JSON on either side is not a difference (prisma-engines: json_defaults_match).
    private static bool JsonMatches(string migrations, string schema)
    {
        try
        {
            using var a = JsonDocument.Parse(migrations);
            using var b = JsonDocument.Parse(schema);
            return JsonElement.DeepEquals(a.RootElement, b.RootElement);
        }
        catch (JsonException)
        {
            return true;
        }
    }
}
