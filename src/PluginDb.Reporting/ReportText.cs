using System.Globalization;
using System.Text;
using PluginDb.Core.Findings;

namespace PluginDb.Reporting;

/// <summary>Wording and number formats every renderer shares, so the console, the summary and the JSON agree.</summary>
internal static class ReportText
{
    /// <summary>Files we write are UTF-8 without a byte order mark: a BOM breaks JSON Lines readers and <c>jq</c>.</summary>
    public static readonly Encoding Utf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Severity as <c>report.json</c> spells it (a public contract).</summary>
    public static string Name(Severity severity) => severity switch
    {
        Severity.Notice => "notice",
        Severity.Warning => "warning",
        Severity.Error => "error",
        _ => throw new ArgumentOutOfRangeException(nameof(severity), severity, null),
    };

    public static string Plural(int count, string noun) =>
        count.ToString(CultureInfo.InvariantCulture) + " " + (count == 1 ? noun : noun + "s");

    /// <summary>"2 errors, 1 warning, 0 notices".</summary>
    public static string Counts(IReadOnlyCollection<Finding> findings) => string.Join(", ",
        Plural(findings.Count(f => f.Severity == Severity.Error), "error"),
        Plural(findings.Count(f => f.Severity == Severity.Warning), "warning"),
        Plural(findings.Count(f => f.Severity == Severity.Notice), "notice"));

    /// <summary>
    /// Most severe first; within a severity the order the stages reported them in, which follows the
    /// pipeline and so reads as cause before consequence. <c>OrderByDescending</c> is a stable sort.
    /// </summary>
    public static IEnumerable<Finding> MostSevereFirst(IEnumerable<Finding> findings) =>
        findings.OrderByDescending(f => f.Severity);

    /// <summary>
    /// A datasource size, and the plugin's storage limit when it has one. The manifest's
    /// <c>limits.storageMb</c> counts binary megabytes, so sizes are shown in the same unit.
    /// </summary>
    public static string Size(long? bytes, int? limitMb)
    {
        var size = bytes is { } b ? Bytes(b) : "—";
        return limitMb is { } limit ? $"{size} / {limit.ToString(CultureInfo.InvariantCulture)} MB" : size;
    }

    private static string Bytes(long bytes)
    {
        const double kb = 1024, mb = kb * 1024, gb = mb * 1024;
        return bytes switch
        {
            < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
            < 1024 * 1024 => (bytes / kb).ToString("0.0", CultureInfo.InvariantCulture) + " KB",
            < 1024L * 1024 * 1024 => (bytes / mb).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
            _ => (bytes / gb).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        };
    }

    /// <summary>"path:line:col", "path:line", "path", or null when the finding has no file.</summary>
    public static string? Location(Finding finding, bool withColumn = true)
    {
        if (finding.File is null)
        {
            return null;
        }
        var location = new StringBuilder(finding.File);
        if (finding.Line is { } line)
        {
            location.Append(':').Append(line.ToString(CultureInfo.InvariantCulture));
            if (withColumn && finding.Column is { } column)
            {
                location.Append(':').Append(column.ToString(CultureInfo.InvariantCulture));
            }
        }
        return location.ToString();
    }
}
