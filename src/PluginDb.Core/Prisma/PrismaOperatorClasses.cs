using System.Text;

namespace PluginDb.Core.Prisma;

/// <summary>
/// The PostgreSQL operator class an index key's <c>ops:</c> argument names: <c>raw("gin_trgm_ops")</c>
/// as written, or one of Prisma's names (<c>JsonbPathOps</c> → <c>jsonb_path_ops</c>,
/// <c>Int4MinMaxMultiOps</c> → <c>int4_minmax_multi_ops</c>). Null when none is named or the named one
/// is the default for its method, as the introspector reports a default operator class as none.
/// Prisma Migrate itself reports every <c>raw(…)</c> operator class as a difference; here it is
/// compared with the operator class the migrations really created.
/// </summary>
public static class PrismaOperatorClasses
{
    /// <param name="ops">The key's <c>ops:</c> argument, if any.</param>
    /// <param name="method">The index's <c>type:</c> (<c>Gin</c>, <c>Gist</c>, <c>SpGist</c>, <c>Brin</c>, <c>Hash</c>), null for B-tree.</param>
    public static string? Name(PrismaExpression? ops, string? method)
    {
        if (ops is null)
        {
            return null;
        }
        var name = ops.IsFunction("raw") ? ops.FirstString ?? string.Empty : FromPrismaName(ops.Text);
        return IsDefault(name, method?.ToLowerInvariant()) ? null : name;
    }

    /// <summary><c>TimestampTzMinMaxMultiOps</c> → <c>timestamptz_minmax_multi_ops</c>.</summary>
    public static string FromPrismaName(string prismaName)
    {
        ArgumentNullException.ThrowIfNull(prismaName);
        var snake = new StringBuilder();
        for (var i = 0; i < prismaName.Length; i++)
        {
            if (char.IsUpper(prismaName[i]) && i > 0)
            {
                snake.Append('_');
            }
            snake.Append(char.ToLowerInvariant(prismaName[i]));
        }
        // PostgreSQL spells these as one word.
        return snake.ToString()
            .Replace("min_max", "minmax", StringComparison.Ordinal)
            .Replace("timestamp_tz", "timestamptz", StringComparison.Ordinal)
            .Replace("time_tz", "timetz", StringComparison.Ordinal)
            .Replace("var_bit", "varbit", StringComparison.Ordinal);
    }

    // pg_opclass.opcdefault for the operator classes Prisma can name.
    private static bool IsDefault(string name, string? method) => method switch
    {
        "gin" => name is "jsonb_ops" or "array_ops",
        "spgist" => name is "text_ops" or "inet_ops",
        "brin" => (name.EndsWith("_minmax_ops", StringComparison.Ordinal) && name != "inet_minmax_ops") || name.EndsWith("_inclusion_ops", StringComparison.Ordinal),
        _ => false,
    };
}
