namespace PluginDb.Core.Schemas;

/// <summary>A <c>UNIQUE</c> constraint (as opposed to a <c>CREATE UNIQUE INDEX</c>, which is a <see cref="TableIndex"/>).</summary>
public sealed record UniqueConstraint(string Name, IReadOnlyList<string> Columns)
{
    public bool Equals(UniqueConstraint? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && ListEquality.Equal(Columns, other.Columns);

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Columns));
}
