using System.Text;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting;

/// <summary>
/// The report's files in the output folder: <c>report.json</c>, <c>summary.md</c>, <c>report.sarif</c>
/// (when asked for), and <c>audit.jsonl</c>, made empty where the run had no lifecycle event to log.
/// </summary>
public static class ReportFiles
{
    /// <returns>The names of the files, as the log lists them.</returns>
    public static async Task<IReadOnlyList<string>> WriteAsync(RunReport report, string summaryMarkdown, bool sarif, string directory, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await JsonReportWriter.WriteFileAsync(report, Path.Combine(directory, "report.json"), cancellationToken).ConfigureAwait(false);
        // Written synchronously, as the JSON files are (JsonText.WriteDocumentFileAsync): see there.
        File.WriteAllText(Path.Combine(directory, "summary.md"), summaryMarkdown, new UTF8Encoding(false));
        var audit = Path.Combine(directory, "audit.jsonl");
        if (!File.Exists(audit))
        {
            File.WriteAllText(audit, "");
        }
        if (!sarif)
        {
            return ["report.json", "summary.md", "audit.jsonl"];
        }
        await SarifWriter.WriteFileAsync(report, Path.Combine(directory, "report.sarif"), cancellationToken).ConfigureAwait(false);
        return ["report.json", "summary.md", "audit.jsonl", "report.sarif"];
    }
}
