namespace PluginDb.Build.Engine;

/// <summary>How one planned target ended; <see cref="Duration"/> is null when it did not run.</summary>
public sealed record TargetResult(string Name, TargetStatus Status, TimeSpan? Duration);
