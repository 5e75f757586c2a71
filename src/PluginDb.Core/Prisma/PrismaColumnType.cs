using System.Text.RegularExpressions;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>The family of a column's type as Prisma groups them (<c>ColumnTypeFamily</c>).</summary>
public enum PrismaColumnFamily
{
    Int,
    BigInt,
    Float,
    Decimal,
    Boolean,
    String,
    DateTime,
    Json,
    Binary,
    Uuid,
    Enum,
    Unsupported,
}

/// <summary>
/// A column type as Prisma Migrate sees it, read from the normalised type of either side
/// (<see cref="SchemaNormalization.Type"/>): its family, whether it is a scalar list, and on PostgreSQL
/// its native type (name and arguments). On PostgreSQL Prisma compares native types, on SQLite only
/// families (<c>VARCHAR(10)</c> is <c>TEXT</c> there).
/// </summary>
public sealed partial record PrismaColumnType(PrismaColumnFamily Family, bool IsList, string Name, string Arguments, bool IsKnown)
{
    // Native types prisma-engines' PostgreSQL connector knows, by format_type's spelling, with their family.
    private static readonly Dictionary<string, PrismaColumnFamily> PostgresKnown = new(StringComparer.Ordinal)
    {
        ["smallint"] = PrismaColumnFamily.Int,
        ["integer"] = PrismaColumnFamily.Int,
        ["oid"] = PrismaColumnFamily.Int,
        ["bigint"] = PrismaColumnFamily.BigInt,
        ["real"] = PrismaColumnFamily.Float,
        ["double precision"] = PrismaColumnFamily.Float,
        ["numeric"] = PrismaColumnFamily.Decimal,
        ["money"] = PrismaColumnFamily.Decimal,
        ["boolean"] = PrismaColumnFamily.Boolean,
        ["text"] = PrismaColumnFamily.String,
        ["character varying"] = PrismaColumnFamily.String,
        ["character"] = PrismaColumnFamily.String,
        ["citext"] = PrismaColumnFamily.String,
        ["xml"] = PrismaColumnFamily.String,
        ["inet"] = PrismaColumnFamily.String,
        ["bit"] = PrismaColumnFamily.String,
        ["bit varying"] = PrismaColumnFamily.String,
        ["uuid"] = PrismaColumnFamily.Uuid,
        ["date"] = PrismaColumnFamily.DateTime,
        ["time without time zone"] = PrismaColumnFamily.DateTime,
        ["time with time zone"] = PrismaColumnFamily.DateTime,
        ["timestamp without time zone"] = PrismaColumnFamily.DateTime,
        ["timestamp with time zone"] = PrismaColumnFamily.DateTime,
        ["json"] = PrismaColumnFamily.Json,
        ["jsonb"] = PrismaColumnFamily.Json,
        ["bytea"] = PrismaColumnFamily.Binary,
    };

    /// <summary>
    /// The type of a column. <paramref name="describedFromDatabase"/> is the migrations' side: there a time
    /// type written without a precision has PostgreSQL's 6, as information_schema reports it; on
    /// schema.prisma's side <c>@db.Timestamp</c> has none and matches any precision.
    /// </summary>
    public static PrismaColumnType Of(string type, DatabaseProvider provider, IReadOnlySet<string> enums, bool describedFromDatabase)
    {
        ArgumentNullException.ThrowIfNull(type);
        ArgumentNullException.ThrowIfNull(enums);
        return provider == DatabaseProvider.Postgresql ? Postgres(type, enums, describedFromDatabase) : Sqlite(type);
    }

    private static PrismaColumnType Postgres(string type, IReadOnlySet<string> enums, bool describedFromDatabase)
    {
        var text = type;
        var list = false;
        while (text.EndsWith("[]", StringComparison.Ordinal))
        {
            list = true;
            text = text[..^2];
        }
        var enumName = text.StartsWith('"') ? SqlText.Unquote(text) : text;
        if (enums.Contains(enumName))
        {
            return new PrismaColumnType(PrismaColumnFamily.Enum, list, enumName, string.Empty, true);
        }
        var match = TypeShape().Match(text);
        var name = match.Success ? (match.Groups["name"].Value + match.Groups["zone"].Value).Trim() : text;
        var arguments = match.Success && match.Groups["args"].Success ? match.Groups["args"].Value : string.Empty;
        if (!PostgresKnown.TryGetValue(name, out var family))
        {
            return new PrismaColumnType(PrismaColumnFamily.Unsupported, list, text, string.Empty, false);
        }
        if (describedFromDatabase && arguments.Length == 0 && !list && name.StartsWith("time", StringComparison.Ordinal))
        {
            arguments = "6";
        }
        return new PrismaColumnType(family, list, name, arguments, true);
    }

    // prisma-engines' SQLite describer: the declared type, lower-cased, by exact name or by what it contains.
    private static PrismaColumnType Sqlite(string type)
    {
        var name = type.ToLowerInvariant();
        var family = name switch
        {
            "int" or "integer" or "serial" => PrismaColumnFamily.Int,
            "bigint" => PrismaColumnFamily.BigInt,
            "real" or "float" or "double" => PrismaColumnFamily.Float,
            "boolean" => PrismaColumnFamily.Boolean,
            "text" => PrismaColumnFamily.String,
            "date" or "datetime" or "timestamp" => PrismaColumnFamily.DateTime,
            "binary" or "blob" => PrismaColumnFamily.Binary,
            "jsonb" => PrismaColumnFamily.Json,
            _ when name.Contains("char", StringComparison.Ordinal) => PrismaColumnFamily.String,
            _ when name.Contains("numeric", StringComparison.Ordinal) || name.Contains("decimal", StringComparison.Ordinal) => PrismaColumnFamily.Decimal,
            _ => PrismaColumnFamily.Unsupported,
        };
        return new PrismaColumnType(family, false, family == PrismaColumnFamily.Unsupported ? name : family.ToString(), string.Empty, family != PrismaColumnFamily.Unsupported);
    }

    /// <summary>
    /// Whether the migrations' type (<see langword="this"/>) and schema.prisma's differ as Prisma sees it:
    /// on SQLite the families; on PostgreSQL list-ness and native types, where a time type without a
    /// precision on either side matches any, and two types Prisma does not know never differ
    /// (prisma-engines compares such a column's type with itself).
    /// </summary>
    public bool DiffersFrom(PrismaColumnType schema, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (provider != DatabaseProvider.Postgresql)
        {
            return Family != schema.Family || (Family == PrismaColumnFamily.Unsupported && Name != schema.Name);
        }
        if (IsList != schema.IsList || IsKnown != schema.IsKnown)
        {
            return true;
        }
        if (!IsKnown)
        {
            return false;
        }
        if (!string.Equals(Name, schema.Name, StringComparison.Ordinal))
        {
            return true;
        }
        if (Name.StartsWith("time", StringComparison.Ordinal) && (Arguments.Length == 0 || schema.Arguments.Length == 0))
        {
            return false;
        }
        return !string.Equals(Arguments, schema.Arguments, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"^(?<name>[a-z_][a-z0-9_ ]*?)\s*(\((?<args>[^()]*)\))?(?<zone>\s+with(out)?\s+time\s+zone)?$")]
    private static partial Regex TypeShape();
}
