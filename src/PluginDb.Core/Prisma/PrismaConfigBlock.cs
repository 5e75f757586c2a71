namespace PluginDb.Core.Prisma;

/// <summary>A <c>datasource</c> or <c>generator</c> block: its name and its <c>key = value</c> lines, any key.</summary>
public sealed record PrismaConfigBlock(string Name, IReadOnlyList<PrismaProperty> Properties, PrismaSourceLocation Location)
{
    public PrismaProperty? Property(string name) => Properties.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.Ordinal));

    /// <summary><c>provider</c> as a string, with Prisma's alias <c>postgres</c> read as <c>postgresql</c>.</summary>
    public string? Provider => Property("provider")?.Value is { Kind: PrismaExpressionKind.String } value
        ? value.Text == "postgres" ? "postgresql" : value.Text
        : null;
}
