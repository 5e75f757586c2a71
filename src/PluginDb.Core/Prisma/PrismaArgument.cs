namespace PluginDb.Core.Prisma;

/// <summary>An argument of an attribute or function: <c>map: "x"</c> (named) or <c>[id]</c> (unnamed, <see cref="Name"/> null).</summary>
public sealed record PrismaArgument(string? Name, PrismaExpression Value)
{
    public override string ToString() => Name is null ? Value.ToString() : Name + ": " + Value;

    internal static PrismaExpression? Find(IReadOnlyList<PrismaArgument> arguments, string name, int position)
    {
        var named = arguments.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));
        if (named is not null)
        {
            return named.Value;
        }
        var unnamed = arguments.Where(a => a.Name is null).ToList();
        return position >= 0 && position < unnamed.Count ? unnamed[position].Value : null;
    }
}
