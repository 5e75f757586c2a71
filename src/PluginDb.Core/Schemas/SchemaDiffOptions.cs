namespace PluginDb.Core.Schemas;

/// <summary>What <see cref="SchemaDiff.Compare"/> treats as the same.</summary>
public sealed record SchemaDiffOptions
{
    /// <summary>The defaults: Prisma's view of equivalence.</summary>
    public static SchemaDiffOptions Default { get; } = new();

    /// <summary>
    /// Compare a <c>UNIQUE</c> constraint as the unique index that enforces it, so that a constraint and a
    /// plain <c>CREATE UNIQUE INDEX</c> of the same name on the same columns are not drift. Prisma
    /// introspects both as unique indexes (<c>@unique</c> / <c>@@unique</c>), so this is on by default.
    /// </summary>
    public bool UniqueConstraintsAsIndexes { get; init; } = true;
}
