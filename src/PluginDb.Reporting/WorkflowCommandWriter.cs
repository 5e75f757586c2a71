using System.Globalization;
using System.Text;
using PluginDb.Core.Findings;

namespace PluginDb.Reporting;

/// <summary>
/// GitHub Actions workflow commands (<c>::error file=…,line=…::message</c>), escaped exactly as
/// @actions/core does in packages/core/src/command.ts, so the runner decodes what we meant:
/// https://github.com/actions/toolkit/blob/main/packages/core/src/command.ts
/// </summary>
public static class WorkflowCommandWriter
{
    /// <summary>
    /// GitHub shows at most 10 annotations of each level per step and 50 per job; the rest are dropped
    /// silently. https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations
    /// </summary>
    public const int AnnotationsPerLevel = 10;

    /// <summary>
    /// The annotations for <paramref name="findings"/> within GitHub's budget: errors, then warnings,
    /// then notices (each level in the given order), at most <see cref="AnnotationsPerLevel"/> of each.
    /// When findings are left out, a closing notice says how many, and it counts against the notice
    /// budget itself so that it is never the one GitHub drops.
    /// </summary>
    public static IReadOnlyList<string> Annotations(IReadOnlyList<Finding> findings)
    {
        ArgumentNullException.ThrowIfNull(findings);
        var errors = findings.Where(f => f.Severity == Severity.Error).ToList();
        var warnings = findings.Where(f => f.Severity == Severity.Warning).ToList();
        var notices = findings.Where(f => f.Severity == Severity.Notice).ToList();

        var needsClosingNotice = errors.Count > AnnotationsPerLevel
            || warnings.Count > AnnotationsPerLevel
            || notices.Count > AnnotationsPerLevel;
        var noticeBudget = needsClosingNotice ? AnnotationsPerLevel - 1 : AnnotationsPerLevel;

        var shown = errors.Take(AnnotationsPerLevel)
            .Concat(warnings.Take(AnnotationsPerLevel))
            .Concat(notices.Take(noticeBudget))
            .Select(Annotation)
            .ToList();
        var leftOut = findings.Count - shown.Count;
        if (leftOut > 0)
        {
            var more = leftOut == 1 ? "1 more finding is" : $"{leftOut.ToString(CultureInfo.InvariantCulture)} more findings are";
            shown.Add(Command("notice", [], $"{more} in the job summary (GitHub shows at most {AnnotationsPerLevel} annotations of each level per step)."));
        }
        return shown;
    }

    /// <summary>Writes <see cref="Annotations"/>, one command a line.</summary>
    public static void WriteAnnotations(IReadOnlyList<Finding> findings, TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        foreach (var line in Annotations(findings))
        {
            writer.Write(line);
            writer.Write('\n');
        }
    }

    /// <summary>
    /// One finding as an <c>error</c>, <c>warning</c> or <c>notice</c> command. The title carries the
    /// code so it shows in the annotation's heading; a finding with no file names its plugin in the
    /// message, since nothing else would tell which plugin it is about.
    /// </summary>
    public static string Annotation(Finding finding)
    {
        ArgumentNullException.ThrowIfNull(finding);
        var message = finding.File is null && finding.Plugin is { } plugin ? $"{plugin}: {finding.Message}" : finding.Message;
        return Command(ReportText.Name(finding.Severity),
        [
            ("file", finding.File),
            ("line", Number(finding.Line)),
            ("col", Number(finding.Column)),
            ("endLine", Number(finding.EndLine)),
            ("title", $"{finding.Code} {finding.Title}"),
        ], message);
    }

    /// <summary>Asks the runner to mask <paramref name="secret"/> in the rest of the job's log.</summary>
    public static string AddMask(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Command("add-mask", [], secret);
    }

    /// <summary>Starts a collapsible group in the log; close it with <see cref="EndGroup"/>.</summary>
    public static string Group(string title)
    {
        ArgumentNullException.ThrowIfNull(title);
        return Command("group", [], title);
    }

    public static string EndGroup() => Command("endgroup", [], string.Empty);

    /// <summary>
    /// <c>::name key=value,key=value::data</c>. As in command.ts, a property without a value is left
    /// out; with no property left the name is followed directly by <c>::</c>.
    /// </summary>
    private static string Command(string name, (string Key, string? Value)[] properties, string data)
    {
        var command = new StringBuilder("::").Append(name);
        var separator = ' ';
        foreach (var (key, value) in properties)
        {
            if (!string.IsNullOrEmpty(value))
            {
                command.Append(separator).Append(key).Append('=').Append(EscapeProperty(value));
                separator = ',';
            }
        }
        return command.Append("::").Append(EscapeData(data)).ToString();
    }

    private static string? Number(int? value) => value?.ToString(CultureInfo.InvariantCulture);

    /// <summary>command.ts escapeData: '%' first, so an escape we add is not escaped again.</summary>
    internal static string EscapeData(string value) =>
        value.Replace("%", "%25", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal);

    /// <summary>command.ts escapeProperty: data escaping plus ':' and ',', which delimit properties.</summary>
    internal static string EscapeProperty(string value) =>
        EscapeData(value)
            .Replace(":", "%3A", StringComparison.Ordinal)
            .Replace(",", "%2C", StringComparison.Ordinal);
}
