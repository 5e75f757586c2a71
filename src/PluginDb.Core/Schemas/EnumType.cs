namespace PluginDb.Core.Schemas;

/// <summary>A PostgreSQL enum type with its values in their sort order.</summary>
public sealed record EnumType(string Name, IReadOnlyList<string> Values)
{
    public bool Equals(EnumType? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && ListEquality.Equal(Values, other.Values);

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Values));
}
