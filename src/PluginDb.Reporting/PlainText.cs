using System.Text;

namespace PluginDb.Reporting;

/// <summary>Text from plugins made safe for a terminal or a CI log line.</summary>
internal static class PlainText
{
    /// <summary>
    /// One line of text. Line breaks become " ↵ " so every finding stays on one line (grep-able, and a
    /// message cannot start a line of its own that the Actions runner would read as a workflow command);
    /// other control characters become '?' so a message cannot smuggle terminal escape sequences.
    /// </summary>
    public static string OneLine(string text)
    {
        var line = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\r' || c == '\n')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }
                line.Append(" ↵ ");
            }
            else if (c == '\t')
            {
                line.Append(' ');
            }
            else
            {
                line.Append(char.IsControl(c) ? '?' : c);
            }
        }
        return line.ToString();
    }
}
