namespace PluginDb.GitHub;

/// <summary>The check run's output.summary within GitHub's limit.</summary>
internal static class CheckRunSummary
{
    /// <summary>
    /// <paramref name="summary"/> as it is when it fits; otherwise cut at a line break and closed with a note
    /// saying where the whole of it is, so the total stays within <see cref="CheckRunPublisher.OutputLimit"/>.
    /// </summary>
    public static string Fit(string summary, string? runUrl)
    {
        ArgumentNullException.ThrowIfNull(summary);
        if (summary.Length <= CheckRunPublisher.OutputLimit)
        {
            return summary;
        }
        var where = runUrl is null ? "the workflow run" : $"[the workflow run]({runUrl})";
        var note = $"\n\n---\n\n**The summary is cut here at GitHub's limit of 65,535 characters.** The whole of it is in the job summary and in `summary.md` among the artifacts of {where}.\n";
        var kept = CheckRunAnnotations.Clip(summary, CheckRunPublisher.OutputLimit - note.Length);
        var lineBreak = kept.LastIndexOf('\n');
        // Cut at a line break so no Markdown table row or link is left half written, unless that loses too much.
        if (lineBreak > kept.Length / 2)
        {
            kept = kept[..lineBreak];
        }
        return kept + note;
    }
}
