using PluginDb.Core.Schemas;

namespace PluginDb.Datasources.Tests.Schemas;

/// <summary>One statement (or a few) applied to one side of a replayed pair, and the single difference it must cause.</summary>
public sealed record DriftMutation(
    string Name,
    IReadOnlyList<string> Statements,
    DifferenceKind Kind,
    SchemaObjectType ObjectType,
    string Path,
    string? Property = null)
{
    /// <summary>Null when <paramref name="found"/> is exactly the expected difference; otherwise what went wrong.</summary>
    public string? Check(IReadOnlyList<SchemaDifference> found) =>
        found.Count == 1 && found[0].Kind == Kind && found[0].ObjectType == ObjectType &&
        found[0].Path == Path && found[0].Property == Property && found[0].Message.Contains(Path, StringComparison.Ordinal)
            ? null
            : $"{Name}: expected {Kind} {ObjectType} {Path} {Property}, found [{string.Join("; ", found.Select(d => d.Message))}]";
}
