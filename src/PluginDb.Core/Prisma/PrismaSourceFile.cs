namespace PluginDb.Core.Prisma;

/// <summary>One <c>.prisma</c> file: <see cref="Path"/> is how findings and the source map name it.</summary>
public sealed record PrismaSourceFile(string Path, string Text);
