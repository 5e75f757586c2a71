namespace PluginDb.Core.Rehearsal;

/// <summary>
/// What one statement of a new migration did when it ran over a populated copy of the base: the
/// locks it took that the transaction did not hold before (table → strongest mode, PostgreSQL's
/// <c>pg_locks</c> names such as <c>AccessExclusiveLock</c>; a lock on an index counts for its table),
/// the tables and indexes whose storage it replaced (their <c>relfilenode</c> changed), and its error.
/// </summary>
/// <param name="Migration">The migration's folder name.</param>
/// <param name="Line">The statement's first line in migration.sql (1-based).</param>
/// <param name="Statement">The statement's text.</param>
/// <param name="NewLocks">Table → the strongest lock mode this statement added on it (locks on tables, not on their indexes).</param>
/// <param name="HeldLocks">Table → the strongest lock the transaction holds on it after the statement.</param>
/// <param name="RewrittenTables">Tables whose storage was rewritten.</param>
/// <param name="RewrittenIndexes">Indexes rebuilt, as <c>index on table</c> pairs.</param>
/// <param name="SqlState">The error's SQLSTATE, or null when the statement succeeded.</param>
/// <param name="Error">The server's message, or null.</param>
public sealed record StatementObservation(
    string Migration,
    int Line,
    string Statement,
    IReadOnlyDictionary<string, string> NewLocks,
    IReadOnlyDictionary<string, string> HeldLocks,
    IReadOnlyList<string> RewrittenTables,
    IReadOnlyList<(string Index, string Table)> RewrittenIndexes,
    string? SqlState,
    string? Error)
{
    /// <summary>PostgreSQL's table lock modes, weakest first.</summary>
    public static IReadOnlyList<string> Modes => ModeOrder;

    private static readonly string[] ModeOrder =
    [
        "AccessShareLock", "RowShareLock", "RowExclusiveLock", "ShareUpdateExclusiveLock",
        "ShareLock", "ShareRowExclusiveLock", "ExclusiveLock", "AccessExclusiveLock",
    ];

    /// <summary>How strong a mode is (its place in <see cref="Modes"/>); -1 for a name that is not a table lock mode.</summary>
    public static int Strength(string mode) => Array.IndexOf(ModeOrder, mode);

    /// <summary>A mode as the documentation writes it: <c>AccessExclusiveLock</c> → <c>ACCESS EXCLUSIVE</c>.</summary>
    public static string Spoken(string mode)
    {
        ArgumentNullException.ThrowIfNull(mode);
        var name = mode.EndsWith("Lock", StringComparison.Ordinal) ? mode[..^4] : mode;
        return string.Concat(name.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + c : c.ToString())).ToUpperInvariant();
    }
}
