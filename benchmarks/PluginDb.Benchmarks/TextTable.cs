using System.Text;

namespace PluginDb.Benchmarks;

/// <summary>
/// An aligned plain-text table: the first column left-aligned, the others right-aligned. A row with
/// fewer cells than the header lets its last cell run on (e.g. "unavailable: …").
/// </summary>
internal sealed class TextTable(params string[] header)
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];

    public TextTable Add(params string[] cells)
    {
        if (cells.Length == 0 || cells.Length > header.Length)
        {
            throw new ArgumentException($"A row has 1 to {header.Length} cells.", nameof(cells));
        }
        _rows.Add(cells);
        return this;
    }

    public override string ToString()
    {
        var widths = header.Select(h => h.Length).ToArray();
        foreach (var row in _rows.Where(r => r.Length == header.Length))
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        // A short row's last cell spans; only its first column counts towards the widths.
        widths[0] = Math.Max(widths[0], _rows.Where(r => r.Length < header.Length).Select(r => r[0].Length).DefaultIfEmpty(0).Max());
        var text = new StringBuilder();
        Line(text, header, widths);
        text.AppendLine(string.Join(Gap, widths.Select(w => new string('-', w))));
        foreach (var row in _rows)
        {
            Line(text, row, widths);
        }
        return text.ToString();
    }

    private void Line(StringBuilder text, string[] cells, int[] widths)
    {
        var spans = cells.Length < header.Length;
        var parts = cells.Select((cell, i) => i == 0 ? cell.PadRight(widths[i])
            : spans && i == cells.Length - 1 ? cell
            : cell.PadLeft(widths[i]));
        text.AppendLine(string.Join(Gap, parts).TrimEnd());
    }
}
