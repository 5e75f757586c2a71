namespace PluginDb.Fidelity;

/// <summary>
/// One object a check says must change for schema.prisma and the migrations to agree, at the grain both
/// tools can name: <see cref="Kind"/> is <c>missing</c> (schema.prisma has it, the migrations do not),
/// <c>extra</c> or <c>changed</c>; <see cref="Type"/> is <c>table</c>, <c>column</c>, <c>primary key</c>,
/// <c>index</c>, <c>foreign key</c> or <c>enum</c>; <see cref="Key"/> is the table and name
/// (<c>User.email</c>), or an enum's name. <see cref="Table"/> is the table an object belongs to, where
/// the tool says (Prisma's DROP INDEX names none).
/// </summary>
internal sealed record ObjectChange(string Kind, string Type, string Key, string? Table = null)
{
    public override string ToString() => $"{Kind} {Type} {Key}";

    /// <summary>A change of an object of a table, keyed <c>Table.name</c>; an index is known by its name alone, as Prisma's DROP INDEX names no table.</summary>
    public static ObjectChange OfTable(string kind, string type, string table, string name) =>
        type == "index" ? new ObjectChange(kind, type, name, table) : new ObjectChange(kind, type, table + "." + name, table);

    /// <summary>
    /// The changes at the grain both tools share: a drop and an add of the same object are a change; an
    /// enum's values are its enum changing; on SQLite, where Prisma redefines a whole table for most
    /// changes of its columns and keys, those are the table changing.
    /// </summary>
    public static IReadOnlySet<ObjectChange> Normalise(IEnumerable<ObjectChange> changes, bool sqlite)
    {
        var all = changes.ToList();
        // A table created or dropped takes its keys and indexes with it; Prisma's script still lists them.
        var whole = all.Where(c => c.Type == "table" && c.Kind != "changed").Select(c => (c.Kind, c.Key)).ToHashSet();
        // On SQLite a table that is redefined gets all its indexes again with it.
        var redefined = sqlite
            ? all.Where(c => c.Type is "column" or "primary key" or "foreign key" || c.Type == "table" && c.Kind == "changed").Select(c => c.Table ?? c.Key).ToHashSet()
            : [];
        // On PostgreSQL a column dropped and added again (a type no cast reaches) takes its indexes along: Prisma makes them again.
        var recreated = all.Where(c => c.Type == "column" && c.Kind == "extra" && all.Contains(c with { Kind = "missing" })).Select(c => c.Table).ToHashSet();
        var list = all.Where(c => c.Type == "table" || c.Table is null || !whole.Contains((c.Kind, c.Table)))
            .Where(c => !(c.Type == "index" && c.Kind == "missing" && recreated.Contains(c.Table)))
            .Where(c => c.Type != "index" || c.Table is null || !redefined.Contains(c.Table))
            .Select(c => c.Type == "enum value" ? c with { Kind = "changed", Type = "enum", Key = c.Key.Split('.')[0] } : c)
            .Select(c => sqlite && c.Type is "column" or "primary key" or "foreign key" ? new ObjectChange("changed", "table", c.Table ?? c.Key) : c)
            .Select(c => c with { Table = null })
            .ToList();
        var result = new HashSet<ObjectChange>();
        foreach (var change in list)
        {
            var opposite = change with { Kind = change.Kind == "missing" ? "extra" : "missing" };
            result.Add(change.Kind != "changed" && list.Contains(opposite) ? change with { Kind = "changed" } : change);
        }
        return result;
    }
}
