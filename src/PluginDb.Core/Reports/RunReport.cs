using PluginDb.Core.Findings;

namespace PluginDb.Core.Reports;

/// <summary>The outcome of one run: what <c>report.json</c> holds and every renderer reads.</summary>
public sealed record RunReport(
    string Tool,
    string Version,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt,
    IReadOnlyList<PluginReport> Plugins,
    IReadOnlyList<Finding> Findings)
{
    /// <summary>The worst severity among the findings, or null when there are none.</summary>
    public Severity? WorstSeverity => Findings.Count == 0 ? null : Findings.Max(f => f.Severity);

    public int Count(Severity severity) => Findings.Count(f => f.Severity == severity);
}

/// <summary>One plugin's line in the report.</summary>
public sealed record PluginReport(
    string Id,
    string Mode,
    string? Provider,
    DatasourceReport? Datasource,
    MigrationCounts Migrations,
    long? SizeBytes,
    int? StorageLimitMb = null,
    string? ServerSource = null,
    IReadOnlyList<Rehearsal.StatementObservation>? Rehearsal = null);

/// <summary>A datasource as a report may show it: the URL has its password masked.</summary>
public sealed record DatasourceReport(string Url, string Provider, string? SecretsRef);

public sealed record MigrationCounts(int Applied, int Failed)
{
    public static MigrationCounts None { get; } = new(0, 0);
}
