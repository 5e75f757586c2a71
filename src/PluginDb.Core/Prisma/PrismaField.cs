namespace PluginDb.Core.Prisma;

/// <summary>
/// A field of a model, view or composite type. <see cref="Type"/> is the type name (<c>String</c>, a
/// model, an enum); for <c>Unsupported("…")</c> it is <c>Unsupported</c> and <see cref="UnsupportedType"/>
/// holds the database type.
/// </summary>
public sealed record PrismaField(
    string Name,
    string Type,
    PrismaFieldArity Arity,
    string? UnsupportedType,
    IReadOnlyList<PrismaAttribute> Attributes,
    PrismaSourceLocation Location)
{
    public PrismaAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    public bool Has(string name) => Attribute(name) is not null;
}
