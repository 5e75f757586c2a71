using System.Text;

namespace PluginDb.Build.Engine;

/// <summary>Rows of cells written in aligned columns, two spaces apart, without trailing spaces.</summary>
internal sealed class TextTable(string indent, params int[] rightAlignedColumns)
{
    private readonly List<string[]?> _rows = [];

    public TextTable Row(params string[] cells)
    {
        _rows.Add(cells);
        return this;
    }

    /// <summary>A line of dashes under each column.</summary>
    public TextTable Rule()
    {
        _rows.Add(null);
        return this;
    }

    public async Task WriteAsync(TextWriter writer)
    {
        var columns = _rows.Max(r => r?.Length ?? 0);
        var widths = new int[columns];
        foreach (var row in _rows.OfType<string[]>())
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        foreach (var row in _rows)
        {
            var line = new StringBuilder(indent);
            for (var i = 0; i < columns; i++)
            {
                var cell = row is null ? new string('-', widths[i]) : i < row.Length ? row[i] : string.Empty;
                line.Append(rightAlignedColumns.Contains(i) ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
                line.Append(i < columns - 1 ? "  " : string.Empty);
            }

            await writer.WriteLineAsync(line.ToString().TrimEnd());
        }
    }
}
