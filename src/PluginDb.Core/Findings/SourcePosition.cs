namespace PluginDb.Core.Findings;

/// <summary>A 1-based line and column in a text file.</summary>
public readonly record struct SourcePosition(int Line, int Column)
{
    /// <summary>The line and column of a character offset in <paramref name="text"/>.</summary>
    public static SourcePosition FromOffset(string text, int offset)
    {
        ArgumentNullException.ThrowIfNull(text);
        offset = Math.Clamp(offset, 0, text.Length);
        int line = 1, lineStart = 0;
        for (var i = 0; i < offset; i++)
        {
            if (text[i] == '\n')
            {
                line++;
                lineStart = i + 1;
            }
        }
        return new SourcePosition(line, offset - lineStart + 1);
    }
}
