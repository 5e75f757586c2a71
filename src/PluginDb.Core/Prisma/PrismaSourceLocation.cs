namespace PluginDb.Core.Prisma;

/// <summary>Where an element of a Prisma schema starts: the file as given to the parser, 1-based line and column.</summary>
public sealed record PrismaSourceLocation(string File, int Line, int Column)
{
    public override string ToString() => $"{File}:{Line}:{Column}";
}
