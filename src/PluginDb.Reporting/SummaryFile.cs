namespace PluginDb.Reporting;

/// <summary>
/// The step summary file GitHub names in GITHUB_STEP_SUMMARY. build/ reads the variable and passes the
/// path in; this library never reads the environment.
/// </summary>
public static class SummaryFile
{
    /// <summary>
    /// Appends <paramref name="markdown"/>, which GitHub renders after whatever earlier steps and
    /// commands appended, ending it with a line break so the next addition starts a new block.
    /// </summary>
    public static async Task AppendAsync(string path, string markdown, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(markdown);
        var text = markdown.EndsWith('\n') ? markdown : markdown + "\n";
        await File.AppendAllTextAsync(path, text, ReportText.Utf8, cancellationToken).ConfigureAwait(false);
    }
}
