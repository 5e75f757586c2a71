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

    /// <summary>A repository path as a URL path: each segment percent-encoded, the slashes kept.</summary>
    public static string UrlPath(string path) =>
        string.Join('/', path.Split('/').Select(Uri.EscapeDataString));
}
