using PluginDb.Core.Findings;

namespace PluginDb.Core.Manifests;

/// <summary>
/// Turns byte offsets in UTF-8 text into 1-based line and column, counting columns in UTF-16 code
/// units as editors and <see cref="SourcePosition.FromOffset"/> do. Offsets must be asked for in
/// ascending order: the cursor only moves forward, so a whole file costs one pass even when it is
/// a single 1 MiB line.
/// </summary>
internal sealed class Utf8PositionCursor(ReadOnlyMemory<byte> utf8)
{
    private int offset;
    private int line = 1;
    private int column = 1;

    public SourcePosition At(long byteOffset)
    {
        var target = (int)Math.Clamp(byteOffset, 0, utf8.Length);
        if (target < offset)
        {
            throw new InvalidOperationException("Positions must be asked for in ascending order.");
        }
        var bytes = utf8.Span;
        for (; offset < target; offset++)
        {
            var b = bytes[offset];
            if (b == (byte)'\n')
            {
                line++;
                column = 1;
            }
            else if ((b & 0xC0) != 0x80)
            {
                // A lead byte starts a character; a four-byte sequence is a surrogate pair in UTF-16.
                column += b >= 0xF0 ? 2 : 1;
            }
        }
        return new SourcePosition(line, column);
    }
}
