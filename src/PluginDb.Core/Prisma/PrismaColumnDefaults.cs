using System.Globalization;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// The database default Prisma Migrate writes for <c>@default(…)</c>, in <see cref="SchemaNormalization.Default"/>'s
/// spelling. <c>now()</c> is <c>CURRENT_TIMESTAMP</c>, <c>dbgenerated("x")</c> is <c>x</c>, literals are SQL
/// literals, an enum value is its (mapped) name as a string. <c>autoincrement()</c> is not a default but the
/// column's identity; <c>uuid()</c>, <c>cuid()</c>, <c>nanoid()</c>, <c>ulid()</c> are filled in by the client
/// and leave the column without a default (prisma-engines <c>sql_schema_calculator.rs</c>).
/// </summary>
internal static class PrismaColumnDefaults
{
    internal enum Outcome
    {
        None,
        Value,
        Autoincrement,
        ClientSide,
    }

    /// <summary>
    /// The default of a column: what kind, its SQL (null where the database gets none) and the value Prisma
    /// compares (<see cref="PrismaDefault"/>; null where Prisma's calculator gives the column none).
    /// </summary>
    public static (Outcome Outcome, string? Sql, PrismaDefault? Prisma) For(PrismaField field, PrismaEnum? enumType, string columnType, DatabaseProvider provider)
    {
        var value = field.Attribute("default")?.Argument("value", 0);
        if (value is null)
        {
            return (Outcome.None, null, null);
        }
        if (value.Kind == PrismaExpressionKind.Function)
        {
            switch (value.Text)
            {
                case "autoincrement":
                    return (Outcome.Autoincrement, null, provider == DatabaseProvider.Postgresql ? PrismaDefault.Sequence : null);
                case "now":
                    return (Outcome.Value, "CURRENT_TIMESTAMP", PrismaDefault.Now);
                case "dbgenerated":
                    return value.FirstString is { } sql && Normalize(sql) is { } normalized
                        ? (Outcome.Value, normalized, PrismaDefault.Generated(normalized))
                        : (Outcome.ClientSide, null, PrismaDefault.Generated(null));
                default:
                    return (Outcome.ClientSide, null, null);
            }
        }
        var element = columnType.EndsWith("[]", StringComparison.Ordinal) ? columnType[..^2] : columnType;
        if (value.Kind == PrismaExpressionKind.Array)
        {
            if (provider != DatabaseProvider.Postgresql)
            {
                return (Outcome.None, null, null);
            }
            // PostgreSQL stores ARRAY['a', 'b']::text[] as ARRAY['a'::text, 'b'::text]; the empty array keeps its cast.
            var items = value.Items.Select(i => Literal(i, field, enumType) + (IsQuoted(i, field, enumType) ? "::" + element : string.Empty)).ToList();
            var list = PrismaDefault.ListOf(value.Items.Select(i => PrismaLiteralOf(i, field, enumType)).ToList());
            return (Outcome.Value, items.Count == 0 ? "ARRAY[]::" + columnType : "ARRAY[" + string.Join(", ", items) + "]", list);
        }
        return (Outcome.Value, Normalize(Literal(value, field, enumType)), new PrismaDefault(PrismaDefaultKind.Value, PrismaLiteralOf(value, field, enumType)));

        string? Normalize(string sql) => SchemaNormalization.Default(provider, sql, columnType);
    }

    // The literal Prisma's calculator makes of a constant, by the field's type.
    private static PrismaLiteral PrismaLiteralOf(PrismaExpression value, PrismaField field, PrismaEnum? enumType)
    {
        if (enumType is not null)
        {
            return new PrismaLiteral(PrismaLiteralKind.Enum, enumType.Values.FirstOrDefault(v => v.Name == value.Text)?.DatabaseName ?? value.Text);
        }
        return field.Type switch
        {
            "Int" or "BigInt" or "Float" or "Decimal" => new PrismaLiteral(PrismaLiteralKind.Number, value.Text),
            "Boolean" => new PrismaLiteral(PrismaLiteralKind.Boolean, value.Text),
            "DateTime" => new PrismaLiteral(PrismaLiteralKind.DateTime, value.Text),
            "Json" => new PrismaLiteral(PrismaLiteralKind.Json, value.Text),
            "Bytes" => new PrismaLiteral(PrismaLiteralKind.Bytes, Hex(value.Text)),
            _ => new PrismaLiteral(PrismaLiteralKind.String, value.Text),
        };
    }

    private static string Hex(string base64)
    {
        try
        {
            return Convert.ToHexStringLower(Convert.FromBase64String(base64));
        }
        catch (FormatException)
        {
            return base64;
        }
    }

    private static bool IsQuoted(PrismaExpression value, PrismaField field, PrismaEnum? enumType) =>
        value.Kind == PrismaExpressionKind.String || (enumType is not null && value.Kind == PrismaExpressionKind.Constant) ||
        (value.Kind == PrismaExpressionKind.Number && field.Type == "Decimal");

    private static string Literal(PrismaExpression value, PrismaField field, PrismaEnum? enumType)
    {
        switch (value.Kind)
        {
            case PrismaExpressionKind.String:
                return Quote(value.Text);
            case PrismaExpressionKind.Constant when enumType is not null:
                return Quote(enumType.Values.FirstOrDefault(v => v.Name == value.Text)?.DatabaseName ?? value.Text);
            case PrismaExpressionKind.Number when field.Type is "Float" or "Decimal":
                return decimal.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                    ? number.ToString(CultureInfo.InvariantCulture)
                    : value.Text;
            default:
                return value.Text;
        }
    }

    private static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";
}
