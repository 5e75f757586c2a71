namespace PluginDb.Core.Prisma;

/// <summary>
/// A value. <see cref="Text"/> is the string value, the number as written, the constant or the function
/// name; <see cref="Arguments"/> are a function's arguments; <see cref="Items"/> an array's elements.
/// </summary>
public sealed record PrismaExpression(
    PrismaExpressionKind Kind,
    string Text,
    IReadOnlyList<PrismaArgument> Arguments,
    IReadOnlyList<PrismaExpression> Items,
    PrismaSourceLocation Location)
{
    public bool IsFunction(string name) => Kind == PrismaExpressionKind.Function && string.Equals(Text, name, StringComparison.Ordinal);

    /// <summary>The first argument that is a string, as <c>env("X")</c> and <c>dbgenerated("x")</c> carry it.</summary>
    public string? FirstString => Arguments.Count > 0 && Arguments[0].Value.Kind == PrismaExpressionKind.String ? Arguments[0].Value.Text : null;

    /// <summary>The argument called <paramref name="name"/>, or else the unnamed one at <paramref name="position"/> (counting unnamed ones only).</summary>
    public PrismaExpression? Argument(string name, int position = -1) => PrismaArgument.Find(Arguments, name, position);

    public override string ToString() => Kind switch
    {
        PrismaExpressionKind.String => "\"" + Text + "\"",
        PrismaExpressionKind.Function => Text + "(" + string.Join(", ", Arguments) + ")",
        PrismaExpressionKind.Array => "[" + string.Join(", ", Items) + "]",
        _ => Text,
    };
}
