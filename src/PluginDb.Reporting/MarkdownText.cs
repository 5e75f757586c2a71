using System.Text;

namespace PluginDb.Reporting;

/// <summary>Escaping of text that comes from plugins (ids, paths, messages) before it goes into Markdown.</summary>
internal static class MarkdownText
{
    // Every ASCII punctuation character may be backslash-escaped in CommonMark
    // (https://spec.commonmark.org/0.31.2/#backslash-escapes), so escaping a few too many is harmless.
    // These are the ones that can start emphasis, code, links, HTML, tables (|), strikethrough (~),
    // math ($) or an entity (&) in the middle of a line.
    private const string Special = "\\`*_[]<>|~$&!#";

    /// <summary>
    /// <paramref name="text"/> as literal inline Markdown: special characters escaped and line breaks
    /// turned into <c>&lt;br&gt;</c>, because a raw newline would end a table row or a list item.
    /// </summary>
    public static string Escape(string text)
    {
        var escaped = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r')
            {
                if (i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                escaped.Append("<br>");
            }
            else if (c == '\n')
            {
                escaped.Append("<br>");
            }
            else if (Special.Contains(c, StringComparison.Ordinal))
            {
                escaped.Append('\\').Append(c);
            }
            else if (char.IsControl(c))
            {
                escaped.Append(' ');
            }
            else
            {
                escaped.Append(c);
            }
        }
        return escaped.ToString();
    }

    /// <summary>
    /// <paramref name="uri"/> when it is an absolute http(s) URL that can stand as a link's destination
    /// as it is (no space, control character, parenthesis or angle bracket), else null. Checked by hand:
    /// System.Uri's first use costs a cold process ~20 ms, and every summary with a finding links its code.
    /// </summary>
    public static string? LinkTarget(string uri)
    {
        var rest = uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? uri.AsSpan(8)
            : uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? uri.AsSpan(7)
            : [];
        if (rest.IsEmpty || rest[0] is '/' or '?' or '#')
        {
            return null;
        }
        foreach (var c in rest)
        {
            if (c <= ' ' || c >= '\u007f' || c is '(' or ')' or '<' or '>' or '"' or '\\')
            {
                return null;
            }
        }
        return uri;
    }

    /// <summary>A repository path as a URL path: each segment percent-encoded, the slashes kept.</summary>
    public static string UrlPath(string path)
    {
        var url = new StringBuilder(path.Length + 8);
        Span<byte> utf8 = stackalloc byte[4];
        // As Uri.EscapeDataString: every other character as the percent-encoded bytes of its UTF-8, a lone
        // surrogate as U+FFFD's (written by hand, for the same ~20 ms of System.Uri's first use as LinkTarget).
        foreach (var rune in path.EnumerateRunes())
        {
            if (rune.IsAscii && (rune.Value == '/' || char.IsAsciiLetterOrDigit((char)rune.Value) || rune.Value is '-' or '.' or '_' or '~'))
            {
                url.Append((char)rune.Value);
                continue;
            }
            var length = rune.EncodeToUtf8(utf8);
            foreach (var b in utf8[..length])
            {
                url.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return url.ToString();
    }

    /// <summary>An absolute path (<c>/…</c>) as a <c>file:///</c> URI, its segments encoded as in <see cref="UrlPath"/>.</summary>
    public static string FileUri(string absolutePath) => "file://" + UrlPath(absolutePath);

    private const string HexDigits = "0123456789ABCDEF";
}
