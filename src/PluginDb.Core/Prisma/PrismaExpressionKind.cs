namespace PluginDb.Core.Prisma;

/// <summary>The shapes a value takes in the Prisma Schema Language.</summary>
public enum PrismaExpressionKind
{
    /// <summary>A string literal; <see cref="PrismaExpression.Text"/> is the value with escapes resolved.</summary>
    String,

    /// <summary>A number literal as written (<c>-1</c>, <c>0.25</c>).</summary>
    Number,

    /// <summary>A bare name: <c>true</c>, an enum value, a field reference, <c>Cascade</c>.</summary>
    Constant,

    /// <summary>A call: <c>now()</c>, <c>env("URL")</c>, <c>email(ops: raw("gin_trgm_ops"))</c>.</summary>
    Function,

    /// <summary>A list: <c>[a, b]</c>.</summary>
    Array,
}
