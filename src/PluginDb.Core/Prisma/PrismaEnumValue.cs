namespace PluginDb.Core.Prisma;

/// <summary>One value of an enum, with its <c>@map</c> when it has one.</summary>
public sealed record PrismaEnumValue(string Name, IReadOnlyList<PrismaAttribute> Attributes, PrismaSourceLocation Location)
{
    public string DatabaseName => Attributes.FirstOrDefault(a => a.Name == "map")?.Argument("name", 0)?.Text ?? Name;
}
