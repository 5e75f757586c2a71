namespace PluginDb.Core.Prisma;

/// <summary>An <c>enum</c> block.</summary>
public sealed record PrismaEnum(string Name, IReadOnlyList<PrismaEnumValue> Values, IReadOnlyList<PrismaAttribute> Attributes, PrismaSourceLocation Location)
{
    /// <summary>The database type name: <c>@@map("…")</c>, else the enum name.</summary>
    public string DatabaseName => Attributes.FirstOrDefault(a => a.Name == "map")?.Argument("name", 0)?.Text ?? Name;
}
