namespace PluginDb.Core.Migrations;

/// <summary>Whether a migration history names an identifier anywhere in its scripts.</summary>
public static class HistoryMentions
{
    /// <summary>
    /// The first of <paramref name="identifiers"/> that one of <paramref name="migrations"/> contains as a
    /// whole word (letters, digits, <c>_</c> and <c>$</c> around it end the word), compared without
    /// case, since PostgreSQL folds unquoted names; null when none does. It reads comments and strings
    /// too: a history that only mentions a name is taken to depend on it.
    /// </summary>
    public static string? FirstOf(IReadOnlyList<LocalMigration> migrations, IEnumerable<string> identifiers)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(identifiers);
        var names = identifiers.Where(name => name.Length > 0).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
        foreach (var migration in migrations)
        {
            foreach (var name in names)
            {
                if (ScriptSearch.ContainsWord(migration.Script, name))
                {
                    return name;
                }
            }
        }
        return null;
    }
}
