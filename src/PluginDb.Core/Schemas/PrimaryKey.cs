namespace PluginDb.Core.Schemas;

/// <summary>A primary key. <see cref="Name"/> is null where the database keeps no name (SQLite's inline <c>PRIMARY KEY</c>).</summary>
public sealed record PrimaryKey(string? Name, IReadOnlyList<string> Columns)
{
    public bool Equals(PrimaryKey? other) =>
        other is not null && string.Equals(Name, other.Name, StringComparison.Ordinal) && ListEquality.Equal(Columns, other.Columns);

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Columns));
}
