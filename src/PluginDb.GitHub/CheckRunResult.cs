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

    /// <summary>The log line for check run <paramref name="name"/>: where it is, or where the findings are instead.</summary>
    public string Describe(string name) => Outcome switch
    {
        CheckRunOutcome.Published => $"Check run \"{name}\" published with {AnnotationsSent} annotation(s){(HtmlUrl is { } url ? ": " + url : ".")}",
        CheckRunOutcome.FellBack => $"No check run ({Message}); the findings are in the annotations and the job summary instead.",
        _ => $"The check run could not be published: {Message}. The findings are in the annotations and the job summary instead.",
    };
}
