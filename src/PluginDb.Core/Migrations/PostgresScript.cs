using System.Text;

namespace PluginDb.Core.Migrations;

/// <summary>
/// Where the statements of a PostgreSQL script start and end, found with the lexical rules of the
/// server's scanner (quotes, <c>E''</c> escapes, dollar quotes, nested block comments) and of psql's
/// splitter for SQL-standard function bodies (<c>BEGIN ATOMIC … END</c>). The runner never sends these
/// pieces separately — the server receives the whole file — it only uses them to name the statement a
/// server error belongs to.
/// </summary>
public static class PostgresScript
{
    /// <summary>A statement: its offset and length in the script (UTF-16 units), without leading trivia.</summary>
    public readonly record struct Statement(int Offset, int Length, string FirstWords)
    {
        public string Text(string script) => script.Substring(Offset, Length);
    }

    public static IReadOnlyList<Statement> Split(string script)
    {
        ArgumentNullException.ThrowIfNull(script);
        var statements = new List<Statement>();
        var start = -1;
        var words = new List<string>();
        var beginDepth = 0;
        var i = 0;
        while (i < script.Length)
        {
            var c = script[i];
            if (char.IsWhiteSpace(c) || c == '\uFEFF')
            {
                i++;
                continue;
            }
            if (At(script, i, "--"))
            {
                var end = script.IndexOf('\n', i);
                i = end < 0 ? script.Length : end + 1;
                continue;
            }
            if (At(script, i, "/*"))
            {
                i = SkipBlockComment(script, i);
                continue;
            }
            if (c == ';' && beginDepth == 0)
            {
                if (start >= 0)
                {
                    statements.Add(new Statement(start, i + 1 - start, string.Join(' ', words)));
                }
                start = -1;
                words.Clear();
                beginDepth = 0;
                i++;
                continue;
            }
            if (start < 0)
            {
                start = i;
            }
            if (c == '\'' )
            {
                var escapes = i > 0 && (script[i - 1] == 'E' || script[i - 1] == 'e') && (i < 2 || !IsIdentifierChar(script[i - 2]));
                i = SkipQuoted(script, i, '\'', escapes);
            }
            else if (c == '"')
            {
                i = SkipQuoted(script, i, '"', backslashEscapes: false);
            }
            else if (c == '$' && DollarTag(script, i) is { } tag && (i == 0 || !IsIdentifierChar(script[i - 1])))
            {
                var close = script.IndexOf(tag, i + tag.Length, StringComparison.Ordinal);
                i = close < 0 ? script.Length : close + tag.Length;
            }
            else if (char.IsLetter(c) || c == '_')
            {
                var end = i;
                while (end < script.Length && IsIdentifierChar(script[end]))
                {
                    end++;
                }
                var word = script[i..end].ToUpperInvariant();
                if (words.Count < 6)
                {
                    words.Add(word);
                }
                beginDepth = Track(words, word, beginDepth);
                i = end;
            }
            else
            {
                i++;
            }
        }
        if (start >= 0)
        {
            statements.Add(new Statement(start, script.Length - start, string.Join(' ', words)));
        }
        return statements;
    }

    /// <summary>Whether a statement controls the transaction itself, so PostgreSQL's implicit transaction no longer covers the whole file.</summary>
    public static bool ControlsTransaction(Statement statement) =>
        statement.FirstWords.StartsWith("BEGIN", StringComparison.Ordinal) && !statement.FirstWords.StartsWith("BEGIN ATOMIC", StringComparison.Ordinal)
        || statement.FirstWords.StartsWith("START TRANSACTION", StringComparison.Ordinal)
        || statement.FirstWords.StartsWith("COMMIT", StringComparison.Ordinal)
        || statement.FirstWords.StartsWith("END", StringComparison.Ordinal)
        || statement.FirstWords.StartsWith("ROLLBACK", StringComparison.Ordinal)
        || statement.FirstWords.StartsWith("ABORT", StringComparison.Ordinal);

    /// <summary>Whether a statement runs outside any transaction block (<c>CREATE INDEX CONCURRENTLY</c> and its kin).</summary>
    public static bool IsConcurrently(string script, Statement statement) =>
        statement.Text(script).Contains("CONCURRENTLY", StringComparison.OrdinalIgnoreCase);

    /// <summary>The UTF-16 offset of a 1-based character position as PostgreSQL counts characters (code points).</summary>
    public static int OffsetOfPosition(string script, int position)
    {
        ArgumentNullException.ThrowIfNull(script);
        var offset = 0;
        for (var n = 1; n < position && offset < script.Length; n++)
        {
            offset += char.IsHighSurrogate(script[offset]) && offset + 1 < script.Length ? 2 : 1;
        }
        return Math.Min(offset, script.Length);
    }

    // psql counts BEGIN … END only inside CREATE FUNCTION / PROCEDURE, where BEGIN ATOMIC opens a body
    // whose semicolons do not end the statement; CASE … END nests inside it.
    private static int Track(List<string> words, string word, int depth)
    {
        var routine = words.Count >= 2 && words[0] == "CREATE" &&
            (words[1] is "FUNCTION" or "PROCEDURE" || words.Count >= 4 && words[1] == "OR" && words[3] is "FUNCTION" or "PROCEDURE");
        if (!routine)
        {
            return depth;
        }
        return word switch
        {
            "BEGIN" => depth + 1,
            "CASE" when depth > 0 => depth + 1,
            "END" when depth > 0 => depth - 1,
            _ => depth,
        };
    }

    private static int SkipBlockComment(string script, int i)
    {
        var depth = 0;
        while (i < script.Length)
        {
            if (At(script, i, "/*"))
            {
                depth++;
                i += 2;
            }
            else if (At(script, i, "*/"))
            {
                depth--;
                i += 2;
                if (depth == 0)
                {
                    return i;
                }
            }
            else
            {
                i++;
            }
        }
        return i;
    }

    private static int SkipQuoted(string script, int i, char quote, bool backslashEscapes)
    {
        i++;
        while (i < script.Length)
        {
            if (backslashEscapes && script[i] == '\\')
            {
                i += 2;
            }
            else if (script[i] == quote)
            {
                if (i + 1 < script.Length && script[i + 1] == quote)
                {
                    i += 2;
                }
                else
                {
                    return i + 1;
                }
            }
            else
            {
                i++;
            }
        }
        return i;
    }

    // $$ or $tag$ where tag is an identifier without '$'; a parameter such as $1 is not a tag.
    private static string? DollarTag(string script, int i)
    {
        var end = i + 1;
        if (end < script.Length && char.IsDigit(script[end]))
        {
            return null;
        }
        while (end < script.Length && script[end] != '$')
        {
            if (!IsIdentifierChar(script[end]) || script[end] == '$')
            {
                return null;
            }
            end++;
        }
        return end < script.Length ? script[i..(end + 1)] : null;
    }

    private static bool IsIdentifierChar(char c) => char.IsLetterOrDigit(c) || c == '_' || c == '$' || c > 127;

    private static bool At(string text, int index, string token) =>
        string.CompareOrdinal(text, index, token, 0, token.Length) == 0;

    /// <summary>Lets a test or a message show a statement on one line.</summary>
    public static string OneLine(string text)
    {
        var builder = new StringBuilder(text.Length);
        var space = false;
        foreach (var c in text)
        {
            if (char.IsWhiteSpace(c))
            {
                space = builder.Length > 0;
                continue;
            }
            if (space)
            {
                builder.Append(' ');
                space = false;
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
