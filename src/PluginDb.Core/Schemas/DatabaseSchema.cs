namespace PluginDb.Core.Schemas;

/// <summary>
/// The structure of one database schema (a PostgreSQL schema or a SQLite file), read from the live
/// catalog or built from an expected definition. Both sides of a drift check are this type, so the
/// comparison is a pure function of two values (<see cref="SchemaDiff"/>). Names are kept exactly as
/// the database spells them; types, defaults and expressions are normalised by
/// <see cref="SchemaNormalization"/> before they are stored.
/// </summary>
public sealed record DatabaseSchema(
    IReadOnlyList<Table> Tables,
    IReadOnlyList<EnumType> Enums,
    IReadOnlyList<View> Views,
    IReadOnlyList<Sequence> Sequences)
{
    public static DatabaseSchema Empty { get; } = new([], [], [], []);

    public Table? FindTable(string name) => Tables.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.Ordinal));

    public bool Equals(DatabaseSchema? other) =>
        other is not null &&
        ListEquality.Equal(Tables, other.Tables) &&
        ListEquality.Equal(Enums, other.Enums) &&
        ListEquality.Equal(Views, other.Views) &&
        ListEquality.Equal(Sequences, other.Sequences);

    public override int GetHashCode() =>
        HashCode.Combine(ListEquality.Hash(Tables), ListEquality.Hash(Enums), ListEquality.Hash(Views), ListEquality.Hash(Sequences));
}
