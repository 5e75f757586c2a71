using System.Text;

namespace PluginDb.Core.Schemas;

/// <summary>
/// Just enough SQL lexing for catalog text: quoted strings and identifiers, comments and parenthesis
/// depth. Catalogs hand back fragments (defaults, CHECK bodies, SQLite's stored CREATE statements)
/// that must be compared or cut apart without being confused by a comma or keyword inside quotes.
/// </summary>
public static class SqlText
{
    /// <summary>Runs of white space and comments outside quotes become one space; the ends are trimmed.</summary>
    public static string CollapseWhitespace(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        for (var i = 0; i < text.Length;)
        {
            var end = SkipToken(text, i);
            if (end > i && text[i] is '-' or '/')
            {
                pendingSpace = true;
                i = end;
                continue;
            }
            if (end > i)
            {
                Append(text.AsSpan(i, end - i));
                i = end;
                continue;
            }
            if (char.IsWhiteSpace(text[i]))
            {
                pendingSpace = true;
            }
            else
            {
                Append(text.AsSpan(i, 1));
            }
            i++;
        }
        return builder.ToString();

        void Append(ReadOnlySpan<char> token)
        {
            if (pendingSpace && builder.Length > 0)
            {
                builder.Append(' ');
            }
            pendingSpace = false;
            builder.Append(token);
        }
    }

    /// <summary>Removes parentheses that enclose the whole text, as often as they do: <c>((now()))</c> → <c>now()</c>.</summary>
    public static string StripOuterParentheses(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var result = text.Trim();
        while (result.Length >= 2 && result[0] == '(' && MatchingParenthesis(result, 0) == result.Length - 1)
        {
            result = result[1..^1].Trim();
        }
        return result;
    }

    /// <summary>The index of the parenthesis closing the one at <paramref name="open"/>, or -1.</summary>
    public static int MatchingParenthesis(string text, int open)
    {
        ArgumentNullException.ThrowIfNull(text);
        var depth = 0;
        for (var i = open; i < text.Length;)
        {
            var end = SkipToken(text, i);
            if (end > i)
            {
                i = end;
                continue;
            }
            if (text[i] == '(')
            {
                depth++;
            }
            else if (text[i] == ')' && --depth == 0)
            {
                return i;
            }
            i++;
        }
        return -1;
    }

    /// <summary>Splits at <paramref name="separator"/> where it stands outside quotes and parentheses; parts are trimmed.</summary>
    public static IReadOnlyList<string> SplitTopLevel(string text, char separator = ',')
    {
        ArgumentNullException.ThrowIfNull(text);
        var parts = new List<string>();
        var depth = 0;
        var start = 0;
        for (var i = 0; i < text.Length;)
        {
            var end = SkipToken(text, i);
            if (end > i)
            {
                i = end;
                continue;
            }
            switch (text[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                default:
                    if (text[i] == separator && depth == 0)
                    {
                        parts.Add(text[start..i].Trim());
                        start = i + 1;
                    }
                    break;
            }
            i++;
        }
        parts.Add(text[start..].Trim());
        return parts;
    }

    /// <summary>
    /// Where <paramref name="keyword"/> (one word, case-insensitive) first stands as a whole word outside
    /// quotes and at parenthesis depth 0 from <paramref name="start"/>; -1 when it does not.
    /// </summary>
    public static int IndexOfKeyword(string text, string keyword, int start = 0)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(keyword);
        var depth = 0;
        for (var i = start; i < text.Length;)
        {
            var end = SkipToken(text, i);
            if (end > i)
            {
                i = end;
                continue;
            }
            var c = text[i];
            if (c == '(')
            {
                depth++;
            }
            else if (c == ')')
            {
                depth--;
            }
            else if (depth == 0 && IsWordAt(text, i, keyword))
            {
                return i;
            }
            i++;
        }
        return -1;
    }

    /// <summary>The identifier without its quotes (<c>"a""b"</c> → <c>a"b</c>; also <c>`x`</c> and <c>[x]</c>); bare text is returned trimmed.</summary>
    public static string Unquote(string identifier)
    {
        ArgumentNullException.ThrowIfNull(identifier);
        var text = identifier.Trim();
        if (text.Length >= 2)
        {
            switch (text[0], text[^1])
            {
                case ('"', '"'):
                    return text[1..^1].Replace("\"\"", "\"", StringComparison.Ordinal);
                case ('`', '`'):
                    return text[1..^1].Replace("``", "`", StringComparison.Ordinal);
                case ('[', ']'):
                    return text[1..^1];
                case ('\'', '\''):
                    return text[1..^1].Replace("''", "'", StringComparison.Ordinal);
            }
        }
        return text;
    }

    /// <summary>The first token of <paramref name="text"/>: a quoted identifier or a run up to white space or a parenthesis.</summary>
    public static string FirstToken(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var trimmed = text.TrimStart();
        if (trimmed.Length == 0)
        {
            return string.Empty;
        }
        var end = SkipToken(trimmed, 0);
        if (end > 0)
        {
            return trimmed[..end];
        }
        var i = 0;
        while (i < trimmed.Length && !char.IsWhiteSpace(trimmed[i]) && trimmed[i] is not '(' and not ')' and not ',')
        {
            i++;
        }
        return trimmed[..i];
    }

    /// <summary>Applies <paramref name="map"/> to the text outside quotes and leaves quoted parts as they are.</summary>
    public static string MapOutsideQuotes(string text, Func<string, string> map)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(map);
        var builder = new StringBuilder(text.Length);
        var plainStart = 0;
        for (var i = 0; i < text.Length;)
        {
            var end = SkipToken(text, i);
            if (end > i)
            {
                builder.Append(map(text[plainStart..i])).Append(text, i, end - i);
                plainStart = i = end;
                continue;
            }
            i++;
        }
        return builder.Append(map(text[plainStart..])).ToString();
    }

    private static bool IsWordAt(string text, int i, string word) =>
        i + word.Length <= text.Length &&
        string.Compare(text, i, word, 0, word.Length, StringComparison.OrdinalIgnoreCase) == 0 &&
        (i == 0 || !IsWordChar(text[i - 1])) &&
        (i + word.Length == text.Length || !IsWordChar(text[i + word.Length]));

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c is '_' or '$';

    // The end of the quoted string, quoted identifier or comment that starts at i; i when none starts there.
    private static int SkipToken(string text, int i)
    {
        var c = text[i];
        switch (c)
        {
            case '\'' or '"' or '`':
                for (var j = i + 1; j < text.Length; j++)
                {
                    if (text[j] == c)
                    {
                        if (j + 1 < text.Length && text[j + 1] == c)
                        {
                            j++;
                            continue;
                        }
                        return j + 1;
                    }
                }
                return text.Length;
            case '[':
                var close = text.IndexOf(']', i + 1);
                return close < 0 ? text.Length : close + 1;
            case '-' when i + 1 < text.Length && text[i + 1] == '-':
                var newline = text.IndexOf('\n', i);
                return newline < 0 ? text.Length : newline + 1;
            case '/' when i + 1 < text.Length && text[i + 1] == '*':
                var endComment = text.IndexOf("*/", i + 2, StringComparison.Ordinal);
                return endComment < 0 ? text.Length : endComment + 2;
            default:
                return i;
        }
    }
}
