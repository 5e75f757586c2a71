using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>Where in a migration script a statement starts, as a finding shows it.</summary>
public static class SqlErrorPosition
{
    /// <summary>The 1-based line and column of a character offset in <paramref name="script"/>.</summary>
    public static SourcePosition FromOffset(string script, int offset) => SourcePosition.FromOffset(script, offset);

    /// <summary>
    /// The position of the statement that begins at or after <paramref name="offset"/>: whitespace and
    /// SQL comments (<c>-- …</c>, <c>/* … */</c>) before it are skipped, so a finding points at the
    /// statement's first keyword rather than at the end of the previous statement.
    /// </summary>
    public static SourcePosition OfStatement(string script, int offset)
    {
        ArgumentNullException.ThrowIfNull(script);
        return SourcePosition.FromOffset(script, SkipTrivia(script, offset));
    }

    /// <summary>The offset of the first character at or after <paramref name="offset"/> that is neither whitespace nor comment.</summary>
    public static int SkipTrivia(string script, int offset)
    {
        ArgumentNullException.ThrowIfNull(script);
        var i = Math.Clamp(offset, 0, script.Length);
        while (i < script.Length)
        {
            if (char.IsWhiteSpace(script[i]) || script[i] == '\uFEFF')
            {
                i++;
            }
            else if (At(script, i, "--"))
            {
                var end = script.IndexOf('\n', i);
                i = end < 0 ? script.Length : end + 1;
            }
            else if (At(script, i, "/*"))
            {
                var end = script.IndexOf("*/", i + 2, StringComparison.Ordinal);
                if (end < 0)
                {
                    return i;
                }
                i = end + 2;
            }
            else
            {
                break;
            }
        }
        return Math.Min(i, script.Length);
    }

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;
}
