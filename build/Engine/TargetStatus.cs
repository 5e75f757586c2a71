namespace PluginDb.Build.Engine;

/// <summary>How a planned target ended, as the closing table shows it.</summary>
public enum TargetStatus
{
    /// <summary>It ran to the end (a target without actions succeeds at once).</summary>
    Succeeded,

    /// <summary>It threw, or one of its conditions did.</summary>
    Failed,

    /// <summary>A condition was false, or an earlier target failed.</summary>
    Skipped,

    /// <summary>A target it depends on did not succeed.</summary>
    NotRun,

    /// <summary>The run was cancelled before or while it ran.</summary>
    Cancelled,
}
