namespace PluginDb.GitHub;

/// <summary>How publishing a check run ended.</summary>
public enum CheckRunOutcome
{
    /// <summary>The check run was created and completed with all its annotations.</summary>
    Published,

    /// <summary>
    /// The token may not write checks (none given, 401, 403 on a read-only token, 404 on a fork): the caller
    /// reports through workflow-command annotations and the job summary instead.
    /// </summary>
    FellBack,

    /// <summary>GitHub refused the request as invalid (422) or could not be reached; the message says which.</summary>
    Failed,
}
