using System.Globalization;
using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting;

/// <summary>
/// The report as a person reads it in a terminal or a CI log: a table of plugins, then one line per
/// finding, most severe first, in the <c>path:line:col  severity  code  title — message</c> shape that
/// editors and problem matchers recognise. Writes to the given writer; build/ decides where that goes.
/// </summary>
public static class ConsoleReportRenderer
{
    private const string Gap = "  ";

    public static void Render(RunReport report, TextWriter writer, bool color)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(writer);
        if (report.Plugins.Count > 0)
        {
            WritePlugins(report.Plugins, writer, color);
            writer.Write('\n');
        }
        if (report.Findings.Count > 0)
        {
            WriteFindings(report.Findings, writer, color);
            writer.Write('\n');
        }
        var worst = report.WorstSeverity;
        var verdict = ReportText.Counts(report.Findings);
        writer.Write(Ansi.Paint(verdict, worst is { } w ? Ansi.Of(w) : Ansi.Green, color));
        writer.Write('\n');
    }

    private static void WritePlugins(IReadOnlyList<PluginReport> plugins, TextWriter writer, bool color)
    {
        string[] header = ["PLUGIN", "MODE", "PROVIDER", "APPLIED", "FAILED", "SIZE"];
        bool[] rightAligned = [false, false, false, true, true, false];
        var rows = plugins.Select(p => new[]
        {
            PlainText.OneLine(p.Id),
            PlainText.OneLine(p.Mode),
            p.Provider is { } provider ? PlainText.OneLine(provider) : "—",
            p.Migrations.Applied.ToString(CultureInfo.InvariantCulture),
            p.Migrations.Failed.ToString(CultureInfo.InvariantCulture),
            ReportText.Size(p.SizeBytes, p.StorageLimitMb),
        }).ToList();
        // Loops rather than LINQ over ints, whose generics are compiled by the JIT on every start.
        var widths = new int[header.Length];
        foreach (var row in rows.Prepend(header))
        {
            for (var i = 0; i < widths.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        WriteRow(header, widths, rightAligned, writer, color ? Ansi.Bold : null);
        foreach (var row in rows)
        {
            WriteRow(row, widths, rightAligned, writer, null);
        }
    }

    private static void WriteRow(string[] cells, int[] widths, bool[] rightAligned, TextWriter writer, string? sgr)
    {
        var padded = cells.Select((cell, i) =>
            i == cells.Length - 1 && !rightAligned[i] ? cell
            : rightAligned[i] ? cell.PadLeft(widths[i]) : cell.PadRight(widths[i]));
        var line = string.Join(Gap, padded);
        writer.Write(sgr is null ? line : sgr + line + Ansi.Reset);
        writer.Write('\n');
    }

    private static void WriteFindings(IReadOnlyList<Finding> findings, TextWriter writer, bool color)
    {
        var rows = ReportText.MostSevereFirst(findings).Select(f => (
            Finding: f,
            // Without a file the plugin is the place; parentheses keep it from reading as a path.
            Location: PlainText.OneLine(ReportText.Location(f) ?? (f.Plugin is { } plugin ? $"({plugin})" : "—")),
            Severity: ReportText.Name(f.Severity),
            Code: PlainText.OneLine(f.Code))).ToList();
        var locationWidth = rows.Max(r => r.Location.Length);
        var severityWidth = rows.Max(r => r.Severity.Length);
        var codeWidth = rows.Max(r => r.Code.Length);
        foreach (var row in rows)
        {
            // Padding is computed on the plain text and the colour wrapped around it, so columns line
            // up whether or not escape sequences are written.
            writer.Write(row.Location.PadRight(locationWidth));
            writer.Write(Gap);
            writer.Write(Ansi.Paint(row.Severity, Ansi.Of(row.Finding.Severity), color));
            writer.Write(new string(' ', severityWidth - row.Severity.Length));
            writer.Write(Gap);
            writer.Write(row.Code.PadRight(codeWidth));
            writer.Write(Gap);
            writer.Write(Ansi.Paint(PlainText.OneLine(row.Finding.Title), Ansi.Bold, color));
            writer.Write(" — ");
            writer.Write(PlainText.OneLine(row.Finding.Message));
            writer.Write('\n');
        }
    }
}
