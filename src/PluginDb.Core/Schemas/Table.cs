namespace PluginDb.Core.Schemas;

/// <summary>A table with everything that hangs off it. <see cref="PrimaryKey"/> is null for a table without one.</summary>
public sealed record Table(
    string Name,
    IReadOnlyList<Column> Columns,
    PrimaryKey? PrimaryKey,
    IReadOnlyList<UniqueConstraint> UniqueConstraints,
    IReadOnlyList<TableIndex> Indexes,
    IReadOnlyList<ForeignKey> ForeignKeys,
    IReadOnlyList<CheckConstraint> Checks)
{
    public Column? FindColumn(string name) => Columns.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    public bool Equals(Table? other) =>
        other is not null &&
        string.Equals(Name, other.Name, StringComparison.Ordinal) &&
        ListEquality.Equal(Columns, other.Columns) &&
        Equals(PrimaryKey, other.PrimaryKey) &&
        ListEquality.Equal(UniqueConstraints, other.UniqueConstraints) &&
        ListEquality.Equal(Indexes, other.Indexes) &&
        ListEquality.Equal(ForeignKeys, other.ForeignKeys) &&
        ListEquality.Equal(Checks, other.Checks);

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Columns), PrimaryKey);
}
