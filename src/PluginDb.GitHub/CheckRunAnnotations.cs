using Octokit;
using PluginDb.Core;
using PluginDb.Core.Findings;

namespace PluginDb.GitHub;

/// <summary>Findings as check-run annotations, within the limits the Checks API sets.</summary>
internal static class CheckRunAnnotations
{
    // https://docs.github.com/en/rest/checks/runs#update-a-check-run: title at most 255 characters,
    // message and raw_details at most 64 KB.
    private const int TitleLimit = 255;
    private const int TextLimit = 64 * 1024 - 1;

    /// <summary>
    /// An annotation for every finding in a repository file, most severe first so the errors are sent in the
    /// first batch. A finding without a file, or with a file outside the checkout, has nowhere to be placed;
    /// it is in the summary.
    /// </summary>
    public static IReadOnlyList<NewCheckRunAnnotation> For(IEnumerable<Finding> findings) =>
        findings
            .Where(f => f.File is { } file && DisplayPath.IsRelative(file))
            .OrderByDescending(f => f.Severity)
            .Select(Annotation)
            .ToList();

    private static NewCheckRunAnnotation Annotation(Finding finding)
    {
        var startLine = finding.Line is { } line and > 0 ? line : 1;
        var endLine = finding.EndLine is { } end && end >= startLine ? end : startLine;
        var annotation = new NewCheckRunAnnotation(finding.File!, startLine, endLine, Level(finding.Severity), Clip(finding.Message, TextLimit))
        {
            Title = Clip($"{finding.Code} {finding.Title}", TitleLimit),
            RawDetails = Clip(Details(finding), TextLimit),
        };
        // GitHub accepts columns only on a single-line annotation.
        if (startLine == endLine && finding.Column is { } column and > 0)
        {
            annotation.StartColumn = column;
            annotation.EndColumn = column;
        }
        return annotation;
    }

    private static string Details(Finding finding)
    {
        var description = FindingCodes.All.FirstOrDefault(c => c.Code == finding.Code)?.Description;
        return string.Join('\n', new[]
        {
            finding.Plugin is { } plugin ? "Plugin: " + plugin : null,
            description,
            finding.HelpUri,
        }.OfType<string>());
    }

    private static CheckAnnotationLevel Level(Severity severity) => severity switch
    {
        Severity.Error => CheckAnnotationLevel.Failure,
        Severity.Warning => CheckAnnotationLevel.Warning,
        _ => CheckAnnotationLevel.Notice,
    };

    /// <summary>At most <paramref name="limit"/> UTF-16 units, never splitting a surrogate pair.</summary>
    internal static string Clip(string text, int limit)
    {
        if (text.Length <= limit)
        {
            return text;
        }
        var cut = char.IsHighSurrogate(text[limit - 1]) ? limit - 1 : limit;
        return text[..cut];
    }
}
