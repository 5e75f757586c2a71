using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Prisma;

/// <summary>
/// The column type Prisma Migrate writes for a scalar field, in <see cref="SchemaNormalization.Type"/>'s
/// spelling: the <c>@db.*</c> native type when given, else the provider's default for the scalar type
/// (FACTS.md §6; prisma-engines' connectors' <c>default_native_type_for_scalar_type</c>).
/// </summary>
public static class PrismaColumnTypes
{
    private static readonly Dictionary<string, string> PostgresDefaults = new(StringComparer.Ordinal)
    {
        ["String"] = "text",
        ["Int"] = "integer",
        ["BigInt"] = "bigint",
        ["Float"] = "double precision",
        ["Decimal"] = "numeric(65,30)",
        ["Boolean"] = "boolean",
        ["DateTime"] = "timestamp(3)",
        ["Json"] = "jsonb",
        ["Bytes"] = "bytea",
    };

    private static readonly Dictionary<string, string> SqliteDefaults = new(StringComparer.Ordinal)
    {
        ["String"] = "TEXT",
        ["Int"] = "INTEGER",
        ["BigInt"] = "BIGINT",
        ["Float"] = "REAL",
        ["Decimal"] = "DECIMAL",
        ["Boolean"] = "BOOLEAN",
        ["DateTime"] = "DATETIME",
        ["Json"] = "JSONB",
        ["Bytes"] = "BLOB",
    };

    // @db.<Name> on PostgreSQL → the type PostgreSQL is asked for; arguments follow in parentheses.
    private static readonly Dictionary<string, string> PostgresNative = new(StringComparer.Ordinal)
    {
        ["Text"] = "text",
        ["Char"] = "char",
        ["VarChar"] = "varchar",
        ["Bit"] = "bit",
        ["VarBit"] = "varbit",
        ["Uuid"] = "uuid",
        ["Xml"] = "xml",
        ["Inet"] = "inet",
        ["Citext"] = "citext",
        ["Boolean"] = "boolean",
        ["Integer"] = "integer",
        ["SmallInt"] = "smallint",
        ["Oid"] = "oid",
        ["BigInt"] = "bigint",
        ["DoublePrecision"] = "double precision",
        ["Real"] = "real",
        ["Decimal"] = "numeric",
        ["Money"] = "money",
        ["Timestamp"] = "timestamp",
        ["Timestamptz"] = "timestamptz",
        ["Date"] = "date",
        ["Time"] = "time",
        ["Timetz"] = "timetz",
        ["Json"] = "json",
        ["JsonB"] = "jsonb",
        ["ByteA"] = "bytea",
    };

    /// <summary>Whether <paramref name="type"/> is one of Prisma's scalar types.</summary>
    public static bool IsScalar(string type) => PostgresDefaults.ContainsKey(type);

    /// <summary>The normalised column type of a scalar field (without the <c>[]</c> of a list).</summary>
    public static string For(PrismaField field, DatabaseProvider provider)
    {
        ArgumentNullException.ThrowIfNull(field);
        var native = field.Attributes.FirstOrDefault(a => a.Name.StartsWith("db.", StringComparison.Ordinal));
        string text;
        if (provider == DatabaseProvider.Postgresql)
        {
            text = native is not null && PostgresNative.TryGetValue(native.Name[3..], out var name)
                ? name + (native.Arguments.Count > 0 ? "(" + string.Join(",", native.Arguments.Select(a => a.Value.Text)) + ")" : string.Empty)
                : PostgresDefaults.GetValueOrDefault(field.Type, field.Type);
        }
        else
        {
            text = SqliteDefaults.GetValueOrDefault(field.Type, field.Type);
        }
        return SchemaNormalization.Type(provider, text);
    }

    /// <summary>A type name as PostgreSQL's <c>format_type</c> prints it: quoted unless it is a plain lower-case identifier.</summary>
    public static string QuoteIdentifier(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var plain = name.Length > 0 && (char.IsAsciiLetterLower(name[0]) || name[0] == '_') &&
                    name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '$');
        return plain ? name : "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
    }
}
