using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Reports;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Plugins;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// No history replayed twice: each plugin's history gets its content address (<see cref="HistoryKey"/>),
/// <see cref="ReplayPlan"/> decides from the keys and the cache who replays, who takes a cached schema and
/// who follows another plugin's replay, and this applies the decisions: it reads and writes the cache and
/// hands followers what their leader's replay gave.
/// </summary>
/// <param name="run">The run whose plugins are planned.</param>
/// <param name="cache">The history cache, or null with <c>--no-cache</c>.</param>
/// <param name="schemasOnly">Whether nothing after the replay needs the datasources, only the schemas they hold.</param>
/// <param name="keep">Whether the run keeps its datasources (<c>--keep</c>).</param>
/// <param name="server">The run's PostgreSQL server, asked for its version.</param>
/// <param name="log">Where lines for the console go.</param>
internal sealed class ReplayCoordinator(RunState run, HistoryCache? cache, bool schemasOnly, bool keep, PostgresRunServer server, Action<string> log)
{
    private string? _sqliteVersion;

    public HistoryCache? Cache => cache;

    /// <summary>Gives every plugin with a replayable history its key, and applies <see cref="ReplayPlan.Plan"/>.</summary>
    /// <param name="deadline">The run's token: a version peek outlives the stage that begins it.</param>
    public async Task PlanAsync(CancellationToken deadline)
    {
        var replayable = run.Plugins.Where(p => p.Replayable && !p.Rehearses).ToList();
        var candidates = new List<ReplayCandidate>();
        foreach (var plugin in replayable)
        {
            var provider = plugin.Manifest!.Database.Provider ?? DatabaseProvider.Sqlite;
            plugin.HistoryServer = await ServerTag(provider, deadline);
            plugin.HistoryKey = HistoryKey.Compute(provider, plugin.HistoryServer ?? "this run's server", plugin.Migrations!.Migrations);
            var database = plugin.Manifest.Database;
            candidates.Add(new ReplayCandidate(plugin.Id, database.Mode, plugin.HistoryKey, database.Schema, null, database.Limits.Connections,
                plugin.Migrations.Migrations, schemasOnly && plugin.HistoryServer is not null ? Lookup(plugin.HistoryKey) : null));
        }
        foreach (var (plugin, planned) in replayable.Zip(ReplayPlan.Plan(candidates, schemasOnly, keep)))
        {
            if (planned.Cached is { } entry)
            {
                TakeExpectedSchema(plugin, entry.Schema, entry.Outcome, "cache",
                    $"from the history cache ({ShortKey(plugin.HistoryKey!)}, replayed {entry.CreatedAt:yyyy-MM-dd HH:mm} UTC on {entry.Source.ServerVersion})");
            }
            plugin.Follows = planned.Leader is { } leader ? replayable.First(p => p.Id == leader) : null;
            if (planned.Note is { } note)
            {
                log($"{plugin.Id}: {note}.");
            }
        }
    }

    private HistoryCacheEntry? Lookup(string key)
    {
        if (cache is null)
        {
            return null;
        }
        var lookup = cache.Read(key);
        if (lookup.Problem is { } problem)
        {
            log($"History cache: {problem}; the history is replayed and the entry rewritten.");
        }
        return lookup.Entry;
    }

    /// <summary>
    /// Where the base of a plugin that rehearses on PostgreSQL is kept between checks (<see cref="BaseStateStore"/>),
    /// keyed by the base's migrations and this run's server; null without a cache or a base to keep.
    /// </summary>
    public BaseStateStore? BaseStateOf(PluginState plugin)
    {
        if (cache is null || plugin.NewMigrations is not { } added || plugin.Manifest!.Database.Provider != DatabaseProvider.Postgresql || server.Server is null)
        {
            return null;
        }
        var newNames = added.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var merged = plugin.Migrations!.Migrations.Where(m => !newNames.Contains(m.Name)).ToList();
        return merged.Count == 0 ? null : new BaseStateStore(cache, HistoryKey.Compute(DatabaseProvider.Postgresql, ReplayServerTag(plugin), merged),
            new HistoryCacheEntry.Origin(DatabaseProvider.Postgresql.ToManifestName(), ReplayServerVersion(plugin), merged.Count, merged[^1].Name));
    }

    /// <summary>Whether a plugin's replay reads its schema back in its own sessions: where the run keeps that schema (<see cref="RememberAsync"/>).</summary>
    public bool ReadsBack(PluginState plugin) => plugin.HistoryKey is not null && (schemasOnly || cache is not null || run.Plugins.Any(p => p.Follows == plugin));

    /// <summary>
    /// After a replay: keeps the schema a clean one produced for the drift checks, and stores it in the
    /// cache; a replay that failed on its files is stored too, with how it ended (<see cref="ReplayOutcome"/>).
    /// </summary>
    public async Task RememberAsync(PluginState plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        // The entry is stored under the key only when the server that replayed it is the one the key names
        // (auto may have started another source than the one peeked at).
        var store = plugin.HistoryServer is not null && plugin.HistoryServer == ReplayServerTag(plugin) ? cache : null;
        if (plugin.HistoryKey is not { } key || plugin.MigrationResult is not { } result || (store is null && !schemasOnly))
        {
            return;
        }
        var migrations = plugin.Migrations!.Migrations;
        plugin.ReplayOutcome = plugin.ReplayedCleanly ? null : ReplayOutcome.Of(result, migrations, output.DisplayBase);
        if (!plugin.ReplayedCleanly && plugin.ReplayOutcome is null)
        {
            return;
        }
        if (plugin.ReplayedCleanly)
        {
            plugin.ExpectedSchema ??= (await plugin.Datasource!.ReadAsync(cancellationToken)).Database?.Schema ?? DatabaseSchema.Empty;
        }
        if (store is null)
        {
            return;
        }
        var origin = new HistoryCacheEntry.Origin(
            (plugin.Manifest!.Database.Provider ?? DatabaseProvider.Sqlite).ToManifestName(), ReplayServerVersion(plugin), migrations.Count, migrations[^1].Name);
        try
        {
            store.Write(key, origin, plugin.ExpectedSchema ?? DatabaseSchema.Empty, DateTimeOffset.UtcNow, plugin.ReplayOutcome);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Log($"History cache: {plugin.Id}: could not store the replay in {store.Directory}: {exception.Message}");
        }
    }

    /// <summary>Hands each follower what its leader's replay gives it (<see cref="ReplayPlan.Follow"/>); returns those left to replay themselves.</summary>
    public List<PluginState> TakeFollowedReplays()
    {
        var left = new List<PluginState>();
        foreach (var plugin in run.Plugins.Where(p => p.Follows is not null))
        {
            var leader = plugin.Follows!;
            plugin.Follows = null;
            var origin = $"from the replay of the same migrations for {leader.Id} ({ShortKey(plugin.HistoryKey!)})";
            switch (ReplayPlan.Follow(plugin.Manifest!.Database.Mode, schemasOnly, leader.ReplayedCleanly, leader.ReplayOutcome is not null, leader.ExpectedSchema is not null))
            {
                case FollowerAction.TakeFailure:
                    TakeExpectedSchema(plugin, DatabaseSchema.Empty, leader.ReplayOutcome, leader.Source ?? "replay", origin);
                    break;
                case FollowerAction.TakeSchema:
                    TakeExpectedSchema(plugin, leader.ExpectedSchema!, null, leader.Source ?? "replay", origin);
                    break;
                case FollowerAction.CopySqliteFile:
                    ((SqliteFileDatasource)plugin.Datasource!).CopyFrom((SqliteFileDatasource)leader.Datasource!);
                    TakeReplay(plugin, leader, $"Cloned from the replay of the same migrations for {leader.Id}. {leader.MigrationResult!.DatabaseState}",
                        $"database file cloned from the replay for {leader.Id}");
                    break;
                case FollowerAction.ShareReplay:
                    plugin.SharesReplayOf = leader;
                    TakeReplay(plugin, leader,
                        $"Not replayed again: the same migrations replayed cleanly for {leader.Id}, in its schema as its role; this schema was provisioned and probed, and its schema and size are that replay's.",
                        $"the replay for {leader.Id} stands for them");
                    break;
                default:
                    left.Add(plugin);
                    break;
            }
        }
        // The console says which plugins' schemas were left empty; the audit log says it per plugin.
        foreach (var group in run.Plugins.Where(p => p.SharesReplayOf is not null).GroupBy(p => p.SharesReplayOf!))
        {
            log($"{string.Join(", ", group.Select(p => p.Id))}: the same migrations as {group.Key.Id}, replayed once for all; their schemas are provisioned and probed but left empty.");
        }
        return left;
    }

    /// <summary>What a plugin takes of another's clean replay of the same files: the schema it read back and its result, with <paramref name="databaseState"/>; the audit says <paramref name="how"/>.</summary>
    private void TakeReplay(PluginState plugin, PluginState leader, string databaseState, string how)
    {
        plugin.ExpectedSchema = leader.ExpectedSchema;
        plugin.MigrationResult = leader.MigrationResult! with { DatabaseState = databaseState };
        run.Audit(plugin.Id, AuditEvents.Migrated, AuditEvents.Succeeded,
            $"{plugin.MigrationResult.Applied.Count} migrations not replayed again: {how} ({ShortKey(plugin.HistoryKey!)})");
    }

    /// <summary>
    /// A history not replayed again: the schema its replay produced, taken from the cache or another
    /// plugin's replay, and, where that replay failed (<paramref name="outcome"/>), how it failed, with its
    /// findings placed on this plugin's own files.
    /// </summary>
    private void TakeExpectedSchema(PluginState plugin, DatabaseSchema schema, ReplayOutcome? outcome, string source, string origin)
    {
        var migrations = plugin.Migrations!.Migrations;
        plugin.ExpectedSchema = schema;
        plugin.TakenFrom = source;
        plugin.ReplayOutcome = outcome;
        if (outcome is null)
        {
            plugin.MigrationResult = new MigrationOutcome([.. migrations.Select(m => m.Name)], [], null, null, [],
                $"Not replayed again: the schema its {migrations.Count} migrations produce was taken {origin}.");
            run.Audit(plugin.Id, AuditEvents.Migrated, AuditEvents.Succeeded, $"{migrations.Count} migrations not replayed again: schema taken {origin}");
            return;
        }
        plugin.MigrationResult = outcome.ToResult(plugin.Id, migrations, run.DisplayBase, $"Not replayed again: how its migrations end was taken {origin}. {outcome.DatabaseState}");
        run.Add(plugin.MigrationResult.Findings);
        run.Audit(plugin.Id, AuditEvents.Failed, AuditEvents.Refused,
            $"{outcome.Applied.Count} applied, {outcome.Failed ?? "none"} failed, not replayed again: outcome taken {origin}");
    }

    private static string ShortKey(string key) => key[..12];

    /// <summary>What besides the files shapes a replay: the SQLite library bundled with the tool, or the PostgreSQL major version (null when it cannot be told before the server starts).</summary>
    /// <remarks>Without a cache the key only has to tell this run's plugins apart, so no one is asked.</remarks>
    private async Task<string?> ServerTag(DatabaseProvider provider, CancellationToken deadline) =>
        provider == DatabaseProvider.Sqlite
            // The bundle, not sqlite_version(): loading the native library just to ask would be most of a warm check.
            ? SqliteTag
            : cache is not null && await server.PeekMajorVersionAsync(deadline) is { } major ? PostgresTag(major) : null;

    /// <summary>The tag of the server that actually replayed a plugin's history.</summary>
    private string ReplayServerTag(PluginState plugin) => plugin.Manifest!.Database.Provider == DatabaseProvider.Postgresql ? PostgresTag(server.Server!.MajorVersion) : SqliteTag;

    private string ReplayServerVersion(PluginState plugin) =>
        plugin.Manifest!.Database.Provider == DatabaseProvider.Postgresql ? $"PostgreSQL {server.Server!.Version}" : "SQLite " + (_sqliteVersion ??= SqliteFileProvider.LibraryVersion);

    private static string SqliteTag => "SQLite " + SqliteFileProvider.LibraryBundle;

    private static string PostgresTag(int major) => $"PostgreSQL {major}";
}
