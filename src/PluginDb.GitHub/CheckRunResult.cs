namespace PluginDb.GitHub;

/// <summary>
/// The outcome of <see cref="CheckRunPublisher.PublishAsync"/>. <see cref="Message"/> is fit to show in the
/// log as it is: it never contains the token.
/// </summary>
public sealed record CheckRunResult(
    CheckRunOutcome Outcome,
    string Message,
    long? CheckRunId = null,
    string? HtmlUrl = null,
    int Requests = 0,
    int AnnotationsSent = 0)
{
    /// <summary>Whether the caller should annotate with workflow commands and the job summary instead.</summary>
    public bool FellBack => Outcome == CheckRunOutcome.FellBack;
}
