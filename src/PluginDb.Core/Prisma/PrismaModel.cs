namespace PluginDb.Core.Prisma;

/// <summary>A <c>model</c>, <c>view</c> or composite <c>type</c> block with its fields and block attributes (<c>@@…</c>).</summary>
public sealed record PrismaModel(
    PrismaBlockKind Kind,
    string Name,
    IReadOnlyList<PrismaField> Fields,
    IReadOnlyList<PrismaAttribute> Attributes,
    PrismaSourceLocation Location)
{
    public PrismaAttribute? Attribute(string name) => Attributes.FirstOrDefault(a => string.Equals(a.Name, name, StringComparison.Ordinal));

    public PrismaField? FindField(string name) => Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.Ordinal));

    /// <summary>The table name: <c>@@map("…")</c>, else the model name.</summary>
    public string DatabaseName => Attribute("map")?.Argument("name", 0)?.Text ?? Name;
}
