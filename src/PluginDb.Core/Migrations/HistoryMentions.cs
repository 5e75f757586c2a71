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
                if (ContainsWord(migration.Script, name))
                {
                    return name;
                }
            }
        }
        return null;
    }

    private static bool ContainsWord(string text, string word)
    {
        if (!ScriptSearch.Contains(text, word))
        {
            return false;
        }
        for (var at = text.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            var end = at + word.Length;
            if ((at == 0 || !IsWordChar(text[at - 1])) && (end == text.Length || !IsWordChar(text[end])))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';
}
