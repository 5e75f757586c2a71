using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Migrations;

/// <summary>What a plugin does with its history in a run (<see cref="ReplayPlan.Plan"/>).</summary>
public enum ReplayDecision
{
    /// <summary>Replays it into its datasource.</summary>
    Replays,

    /// <summary>Takes the schema (or how its replay failed) from the history cache: no replay.</summary>
    FromCache,

    /// <summary>Waits for an earlier plugin of the run with the same files, and takes its replay.</summary>
    FollowsReplayOf,
}

/// <summary>A plugin with a history the run may replay: its content address and what could set its replay apart from another's.</summary>
/// <param name="Role">Its PostgreSQL role's name in production; null for SQLite.</param>
/// <param name="Cached">The cache's entry for <paramref name="HistoryKey"/>, where the run looked it up.</param>
public sealed record ReplayCandidate(
    string PluginId,
    DatabaseMode Mode,
    string HistoryKey,
    string? Schema,
    string? Role,
    int? ConnectionLimit,
    IReadOnlyList<LocalMigration> Migrations,
    HistoryCacheEntry? Cached);

/// <summary>One plugin's part of the plan; <see cref="Note"/> says why a plugin with another's files still replays them.</summary>
public sealed record PlannedReplay(string PluginId, ReplayDecision Decision, string? Leader, HistoryCacheEntry? Cached, string? Note);

/// <summary>What a plugin that followed another's replay takes, once that replay is done (<see cref="ReplayPlan.Follow"/>).</summary>
public enum FollowerAction
{
    /// <summary>The schema the replay read back, with no datasource of its own (a run that needs only schemas).</summary>
    TakeSchema,

    /// <summary>How the replay failed on its files, its findings placed on the follower's own files.</summary>
    TakeFailure,

    /// <summary>A copy of the replay's SQLite file.</summary>
    CopySqliteFile,

    /// <summary>The replay's result, schema and size; its own PostgreSQL schema is provisioned and probed but left empty.</summary>
    ShareReplay,

    /// <summary>Nothing it can use: it replays the history itself.</summary>
    ReplayItself,
}

/// <summary>
/// No history replayed twice, decided without touching a database. In a run that needs only the schemas
/// histories produce, a history the cache holds is not replayed; plugins with the same files as an earlier
/// one wait for its replay, always on SQLite (a file can be copied) and in such a run, and for
/// exclusive-postgres plugins where their roles are provisioned alike, so the same files give the same
/// result: unless the files name either plugin's schema or role, or their connection limits differ. Under
/// <c>--keep</c> every datasource is migrated, to be looked at.
/// </summary>
public static class ReplayPlan
{
    public static IReadOnlyList<PlannedReplay> Plan(IReadOnlyList<ReplayCandidate> candidates, bool schemasOnly, bool keep)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var leaders = new Dictionary<string, ReplayCandidate>(StringComparer.Ordinal);
        var plan = new List<PlannedReplay>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if (schemasOnly && candidate.Cached is { } cached)
            {
                plan.Add(new PlannedReplay(candidate.PluginId, ReplayDecision.FromCache, null, cached, null));
                continue;
            }
            if (!leaders.TryGetValue(candidate.HistoryKey, out var leader))
            {
                leaders.Add(candidate.HistoryKey, candidate);
                plan.Add(new PlannedReplay(candidate.PluginId, ReplayDecision.Replays, null, null, null));
                continue;
            }
            var note = schemasOnly || candidate.Mode == DatabaseMode.ExclusiveSqlite ? null
                : keep ? "--keep migrates every datasource"
                : WhyEachReplays(leader, candidate);
            plan.Add(note is null
                ? new PlannedReplay(candidate.PluginId, ReplayDecision.FollowsReplayOf, leader.PluginId, null, null)
                : new PlannedReplay(candidate.PluginId, ReplayDecision.Replays, null, null,
                    keep ? null : $"replays its migrations itself although {leader.PluginId} has the same files: {note}"));
        }
        return plan;
    }

    /// <summary>
    /// What a follower takes of its leader's replay: <paramref name="leaderClean"/> is whether every
    /// migration applied without a finding, <paramref name="leaderFailedOnItsFiles"/> whether it failed on
    /// the files themselves (a <see cref="ReplayOutcome"/>), <paramref name="leaderReadBack"/> whether its
    /// schema was read back.
    /// </summary>
    public static FollowerAction Follow(DatabaseMode mode, bool schemasOnly, bool leaderClean, bool leaderFailedOnItsFiles, bool leaderReadBack) =>
        (schemasOnly, leaderClean) switch
        {
            (true, false) when leaderFailedOnItsFiles => FollowerAction.TakeFailure,
            (_, false) => FollowerAction.ReplayItself,
            (true, true) => FollowerAction.TakeSchema,
            _ when mode == DatabaseMode.ExclusiveSqlite => FollowerAction.CopySqliteFile,
            _ when leaderReadBack => FollowerAction.ShareReplay,
            _ => FollowerAction.ReplayItself,
        };

    // Why two exclusive-postgres plugins' replays of the same files may differ; null when they cannot.
    private static string? WhyEachReplays(ReplayCandidate leader, ReplayCandidate plugin)
    {
        if (plugin.Mode != DatabaseMode.ExclusivePostgres || leader.Mode != DatabaseMode.ExclusivePostgres)
        {
            return "they are not both exclusive-postgres";
        }
        if (plugin.ConnectionLimit != leader.ConnectionLimit)
        {
            return "their connection limits differ";
        }
        string[] names = [plugin.Schema ?? "", leader.Schema ?? "", plugin.Role ?? PostgresIdentifiers.RoleNameFor(plugin.PluginId), leader.Role ?? PostgresIdentifiers.RoleNameFor(leader.PluginId)];
        return HistoryMentions.FirstOf(plugin.Migrations, names) is { } named
            ? $"they name '{named}', a schema or role that differs between the two"
            : null;
    }
}
