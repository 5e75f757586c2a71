namespace PluginDb.Core.Schemas;

/// <summary>A foreign key. SQLite keeps a name only when the SQL said <c>CONSTRAINT "name"</c>; otherwise the introspector names it after its columns.</summary>
public sealed record ForeignKey(
    string Name,
    IReadOnlyList<string> Columns,
    string ReferencedTable,
    IReadOnlyList<string> ReferencedColumns,
    ReferentialAction OnDelete,
    ReferentialAction OnUpdate)
{
    public bool Equals(ForeignKey? other) =>
        other is not null &&
        string.Equals(Name, other.Name, StringComparison.Ordinal) &&
        ListEquality.Equal(Columns, other.Columns) &&
        string.Equals(ReferencedTable, other.ReferencedTable, StringComparison.Ordinal) &&
        ListEquality.Equal(ReferencedColumns, other.ReferencedColumns) &&
        OnDelete == other.OnDelete &&
        OnUpdate == other.OnUpdate;

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Columns), ReferencedTable, OnDelete, OnUpdate);
}
