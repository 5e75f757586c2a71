using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Tests.Prisma;

/// <summary>
/// One edit of a corpus schema: each (find, replace) pair must occur exactly once. <see cref="Expected"/> are
/// the differences Prisma's diff touches, as (kind, object type, path); empty means "no difference".
/// </summary>
public sealed record PrismaSchemaEdit(
    string Name,
    IReadOnlyList<(string Find, string Replace)> Replacements,
    IReadOnlyList<(DifferenceKind Kind, SchemaObjectType Type, string Path)> Expected)
{
    public string Apply(string schema)
    {
        foreach (var (find, replace) in Replacements)
        {
            var first = schema.IndexOf(find, StringComparison.Ordinal);
            Assert.True(first >= 0 && schema.IndexOf(find, first + 1, StringComparison.Ordinal) < 0, $"{Name}: '{find}' must occur exactly once");
            schema = schema.Replace(find, replace, StringComparison.Ordinal);
        }
        return schema;
    }

    public override string ToString() => Name;
}
