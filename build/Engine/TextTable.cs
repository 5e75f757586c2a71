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
        // Loops rather than Max/Contains over ints: those generics are compiled by the JIT on every start.
        var columns = 0;
        foreach (var row in _rows)
        {
            columns = Math.Max(columns, row?.Length ?? 0);
        }
        var widths = new int[columns];
        foreach (var row in _rows.OfType<string[]>())
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }
        var rightAligned = new bool[columns];
        foreach (var column in rightAlignedColumns)
        {
            if (column < columns)
            {
                rightAligned[column] = true;
            }
        }

        foreach (var row in _rows)
        {
            var line = new StringBuilder(indent);
            for (var i = 0; i < columns; i++)
            {
                var cell = row is null ? new string('-', widths[i]) : i < row.Length ? row[i] : string.Empty;
                line.Append(rightAligned[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
                line.Append(i < columns - 1 ? "  " : string.Empty);
            }

            await writer.WriteLineAsync(line.ToString().TrimEnd());
        }
    }
}
