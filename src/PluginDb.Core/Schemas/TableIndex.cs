namespace PluginDb.Core.Schemas;

/// <summary>
/// An index that is not the backing index of a primary key or unique constraint. <see cref="Predicate"/>
/// is the normalised <c>WHERE</c> of a partial index; <see cref="Method"/> the access method
/// (PostgreSQL's <c>btree</c>, <c>gin</c>…; null on SQLite, which has one kind).
/// </summary>
public sealed record TableIndex(string Name, IReadOnlyList<IndexKey> Keys, bool Unique, string? Predicate, string? Method)
{
    public bool Equals(TableIndex? other) =>
        other is not null &&
        string.Equals(Name, other.Name, StringComparison.Ordinal) &&
        ListEquality.Equal(Keys, other.Keys) &&
        Unique == other.Unique &&
        string.Equals(Predicate, other.Predicate, StringComparison.Ordinal) &&
        string.Equals(Method, other.Method, StringComparison.Ordinal);

    public override int GetHashCode() => HashCode.Combine(Name, ListEquality.Hash(Keys), Unique, Predicate, Method);
}
