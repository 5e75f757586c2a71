using PluginDb.Core.Findings;

namespace PluginDb.Core.Migrations;

/// <summary>
/// How a replay of a history into an empty database ended, kept in the history cache beside the schema
/// it produced, so that a history that fails is not replayed again by every run: which migrations
/// applied, which failed and with what error, and the findings, each placed by migration name rather than
/// by file, since the same files may live under another plugin's folder next time.
/// </summary>
public sealed record ReplayOutcome(
    IReadOnlyList<string> Applied,
    string? Failed,
    string? Error,
    IReadOnlyList<ReplayOutcome.MigrationFinding> Findings,
    string DatabaseState)
{
    /// <summary>A finding of the replay, on the migration it names (null: on none) at its line and column.</summary>
    public sealed record MigrationFinding(string Code, Severity Severity, string Title, string Message, string? HelpUri, string? Migration, int? Line, int? Column, int? EndLine);

    /// <summary>
    /// The outcome of <paramref name="result"/>, or null where it says more about the datasource than
    /// about the files (it could not be reached, or held a history of its own): only a replay's own
    /// verdict on its files is worth keeping.
    /// </summary>
    public static ReplayOutcome? Of(MigrationOutcome result, IReadOnlyList<LocalMigration> migrations, string displayBase)
    {
        ArgumentNullException.ThrowIfNull(result);
        ArgumentNullException.ThrowIfNull(migrations);
        if (result.AlreadyApplied.Count > 0 || result.Findings.Any(f => f.Code != FindingCodes.MigrationFailed.Code))
        {
            return null;
        }
        var byFile = migrations.ToDictionary(m => DisplayPath.Of(m.ScriptPath, displayBase), m => m.Name, StringComparer.Ordinal);
        var findings = result.Findings
            .Select(f => new MigrationFinding(f.Code, f.Severity, f.Title, f.Message, f.HelpUri,
                f.File is { } file && byFile.TryGetValue(file, out var name) ? name : null, f.Line, f.Column, f.EndLine))
            .ToList();
        return new ReplayOutcome(result.Applied, result.Failed, result.Error, findings, result.DatabaseState);
    }

    /// <summary>The run result of this outcome for a plugin whose migrations live at <paramref name="migrations"/>' paths.</summary>
    public MigrationOutcome ToResult(string? pluginId, IReadOnlyList<LocalMigration> migrations, string displayBase, string databaseState)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        var scripts = migrations.ToDictionary(m => m.Name, m => DisplayPath.Of(m.ScriptPath, displayBase), StringComparer.Ordinal);
        var findings = Findings
            .Select(f => new Finding(f.Code, f.Severity, pluginId, f.Migration is { } m && scripts.TryGetValue(m, out var file) ? file : null,
                f.Line, f.Column, f.EndLine, f.Title, f.Message, f.HelpUri))
            .ToList();
        return new MigrationOutcome(Applied, [], Failed, Error, findings, databaseState);
    }

    public bool Equals(ReplayOutcome? other) =>
        other is not null && Applied.SequenceEqual(other.Applied, StringComparer.Ordinal) && Failed == other.Failed && Error == other.Error &&
        Findings.SequenceEqual(other.Findings) && DatabaseState == other.DatabaseState;

    public override int GetHashCode() => HashCode.Combine(Applied.Count, Failed, Error, Findings.Count, DatabaseState);
}
