using PluginDb.Core.Findings;

namespace PluginDb.Core.Runs;

/// <summary>The process exit codes (a public contract, see the README).</summary>
public static class ExitCodes
{
    /// <summary>No finding at or above <c>--fail-on</c>.</summary>
    public const int Success = 0;

    /// <summary>Findings at or above <c>--fail-on</c>.</summary>
    public const int FindingsAtThreshold = 1;

    /// <summary>A usage or configuration error: bad arguments, nothing to check.</summary>
    public const int UsageError = 2;

    /// <summary>An infrastructure error: a datasource could not be started or reached.</summary>
    public const int InfrastructureError = 3;

    public static FailOn? ParseFailOn(string? text) => text?.ToLowerInvariant() switch
    {
        "error" => FailOn.Error,
        "warning" => FailOn.Warning,
        "notice" => FailOn.Notice,
        "never" => FailOn.Never,
        _ => null,
    };

    /// <summary>Whether a finding of <paramref name="severity"/> fails a run under <paramref name="failOn"/>.</summary>
    public static bool Fails(Severity severity, FailOn failOn) => failOn switch
    {
        FailOn.Never => false,
        FailOn.Notice => true,
        FailOn.Warning => severity >= Severity.Warning,
        _ => severity >= Severity.Error,
    };

    /// <summary>The exit code for a run that produced <paramref name="findings"/>.</summary>
    public static int ForFindings(IEnumerable<Finding> findings, FailOn failOn) =>
        findings.Any(f => Fails(f.Severity, failOn)) ? FindingsAtThreshold : Success;
}
