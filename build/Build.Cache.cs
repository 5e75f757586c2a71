using PluginDb.Build.Pipeline;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Reports;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Postgres;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Build;

/// <summary>
/// No history replayed twice. Each plugin's migration history gets a content address
/// (<see cref="HistoryKey"/>: the files in order, the provider, the server's major version). In a run
/// that needs only the schemas the histories produce (Drift without Doctor, no <c>--keep</c>), a
/// history found in the cache is not replayed at all. Plugins sharing a history wait for the first
/// one's replay instead of replaying it again, in any run: a SQLite datasource gets a copy of its
/// file, an exclusive-postgres one the replay's results (<see cref="TakePostgresReplay"/>). Every
/// clean replay is stored for the next run.
/// </summary>
internal sealed partial class Build
{
    private HistoryCache? _historyCache;
    private string? _sqliteVersion;
    private Task<int?>? _postgresMajor;

    /// <summary>
    /// Whether nothing after the replay needs the datasources themselves, only the schemas they hold: a
    /// Drift run without Doctor, whose datasources are thrown away (no <c>--keep</c>, no <c>--data-root</c>).
    /// </summary>
    private bool ShadowsOnly => IsPlanned(nameof(Drift)) && !IsPlanned(nameof(Doctor)) && !Keep && DataRoot is null;

    /// <summary>The history cache of <c>--cache-dir</c> (default <c>cache/</c> in the data root), or null with <c>--no-cache</c>.</summary>
    private HistoryCache? HistoryCache => NoCache
        ? null
        : _historyCache ??= new HistoryCache(Path.GetFullPath(CacheDir ?? Path.Combine(DataRoot ?? DefaultPersistentDataRoot, "cache"), WorkingDirectory));

    /// <summary>
    /// Gives every plugin with a replayable history its key. In a shadows-only run a cached history's
    /// schema is taken as it is; plugins whose history an earlier plugin of the run shares wait for that
    /// one's replay (in a run that needs datasources, PostgreSQL ones only where that replay can stand
    /// for theirs).
    /// </summary>
    private async Task ResolveHistories(RunState run, CancellationToken cancellationToken)
    {
        var replayable = run.Plugins.Where(p => p.Proceeds && p.Manifest!.EntryPointPath is null && p.Migrations is { HasErrors: false, Migrations.Count: > 0 }).ToList();
        if (!ShadowsOnly && HistoryCache is not null && replayable.Any(p => p.Manifest!.Database.Provider == DatabaseProvider.Postgresql))
        {
            // The run needs its server anyway: started first, the keys name it rather than a guess at it.
            await ServerAsync(cancellationToken);
        }
        var leaders = new Dictionary<string, PluginRun>(StringComparer.Ordinal);
        foreach (var plugin in replayable)
        {
            var provider = plugin.Manifest!.Database.Provider ?? DatabaseProvider.Sqlite;
            plugin.HistoryServer = await ServerTag(provider, cancellationToken);
            plugin.HistoryKey = HistoryKey.Compute(provider, plugin.HistoryServer ?? "this run's server", plugin.Migrations!.Migrations);
            if (ShadowsOnly && plugin.HistoryServer is not null && HistoryCache is { } cache)
            {
                var lookup = cache.Read(plugin.HistoryKey);
                if (lookup.Entry is { } entry)
                {
                    TakeShadow(plugin, entry.Schema, entry.Outcome, "cache", $"from the history cache ({ShortKey(plugin.HistoryKey)}, replayed {entry.CreatedAt:yyyy-MM-dd HH:mm} UTC on {entry.Source.ServerVersion})", run);
                    continue;
                }
                if (lookup.Problem is { } problem)
                {
                    Log($"History cache: {problem}; the history is replayed and the entry rewritten.");
                }
            }
            if (!leaders.TryGetValue(plugin.HistoryKey, out var leader))
            {
                leaders.Add(plugin.HistoryKey, plugin);
            }
            else if (ShadowsOnly || plugin.Manifest.Database.Mode == DatabaseMode.ExclusiveSqlite)
            {
                plugin.SameHistoryAs = leader;
            }
            // Under --keep every datasource is left to be looked at, so each is migrated.
            else if (!Keep && plugin.Manifest.Database.Mode == DatabaseMode.ExclusivePostgres && leader.Manifest!.Database.Mode == DatabaseMode.ExclusivePostgres)
            {
                if (WhyEachReplays(leader, plugin) is { } reason)
                {
                    Log($"{plugin.Id}: replays its migrations itself although {leader.Id} has the same files: {reason}.");
                }
                else
                {
                    plugin.SameHistoryAs = leader;
                }
            }
        }
    }

    /// <summary>
    /// Why the replay of two exclusive-postgres plugins' same files, each in its own schema as its own
    /// role, may not give the same result; null when it must. Their roles are provisioned alike, so only
    /// files that name one of the two schemas or roles, or connection limits that differ, set them apart.
    /// </summary>
    private static string? WhyEachReplays(PluginRun leader, PluginRun plugin)
    {
        var ours = plugin.Manifest!.Database;
        var theirs = leader.Manifest!.Database;
        if (ours.Limits.Connections != theirs.Limits.Connections)
        {
            return "their connection limits differ";
        }
        string[] names = [ours.Schema ?? "", theirs.Schema ?? "", PostgresIdentifiers.RoleNameFor(plugin.Id), PostgresIdentifiers.RoleNameFor(leader.Id)];
        return HistoryMentions.FirstOf(plugin.Migrations!.Migrations, names) is { } named
            ? $"they name '{named}', a schema or role that differs between the two"
            : null;
    }

    /// <summary>
    /// After a replay: keeps the schema a clean one produced for the drift checks, and stores it in the
    /// cache; a replay that failed on its files is stored too, with how it ended
    /// (<see cref="ReplayOutcome"/>), so the next run does not replay it again to fail the same way.
    /// </summary>
    private async Task RememberShadow(PluginRun plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        // The entry is stored under the key only when the server that replayed it is the one the key names
        // (auto may have started another source than the one peeked at).
        var cache = plugin.HistoryServer is not null && plugin.HistoryServer == ReplayServerTag(plugin) ? HistoryCache : null;
        if (plugin.HistoryKey is not { } key || plugin.MigrationResult is not { } result || (cache is null && !ShadowsOnly))
        {
            return;
        }
        var migrations = plugin.Migrations!.Migrations;
        var outcome = plugin.ReplayedCleanly ? null : ReplayOutcome.Of(result, migrations, output.DisplayBase);
        if (!plugin.ReplayedCleanly && outcome is null)
        {
            return;
        }
        if (plugin.ReplayedCleanly)
        {
            plugin.Shadow ??= (await ReadShadow(plugin, cancellationToken))?.Schema ?? DatabaseSchema.Empty;
        }
        plugin.ReplayOutcome = outcome;
        if (cache is null)
        {
            return;
        }
        var origin = new HistoryCacheEntry.Origin(
            (plugin.Manifest!.Database.Provider ?? DatabaseProvider.Sqlite).ToManifestName(), ReplayServerVersion(plugin), migrations.Count, migrations[^1].Name);
        try
        {
            cache.Write(key, origin, plugin.Shadow ?? DatabaseSchema.Empty, DateTimeOffset.UtcNow, outcome);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            output.Log($"History cache: {plugin.Id}: could not store the replay in {cache.Directory}: {exception.Message}");
        }
    }

    /// <summary>Plugins that waited for an earlier plugin's replay of the same files: take its schema (or, for a datasource, a copy of its SQLite file), or replay themselves when it was not clean.</summary>
    private List<PluginRun> TakeSharedReplays(RunState run)
    {
        var left = new List<PluginRun>();
        foreach (var plugin in run.Plugins.Where(p => p.SameHistoryAs is not null))
        {
            var leader = plugin.SameHistoryAs!;
            plugin.SameHistoryAs = null;
            // A shadows-only run takes a failed replay's outcome too; a datasource is only as good as its own replay then.
            if (ShadowsOnly && leader.ReplayOutcome is { } outcome)
            {
                TakeShadow(plugin, DatabaseSchema.Empty, outcome, leader.ServerSource ?? "replay", $"from the replay of the same migrations for {leader.Id} ({ShortKey(plugin.HistoryKey!)})", run);
            }
            // A PostgreSQL schema is taken only as the replay read it back; the plugin's own stays empty.
            else if (!leader.ReplayedCleanly || (!ShadowsOnly && plugin.Manifest!.Database.Mode == DatabaseMode.ExclusivePostgres && leader.Shadow is null))
            {
                left.Add(plugin);
            }
            else if (ShadowsOnly)
            {
                // RememberShadow kept the schema of every clean replay in a shadows-only run.
                TakeShadow(plugin, leader.Shadow!, null, leader.ServerSource ?? "replay", $"from the replay of the same migrations for {leader.Id} ({ShortKey(plugin.HistoryKey!)})", run);
            }
            else if (plugin.Manifest!.Database.Mode == DatabaseMode.ExclusivePostgres)
            {
                TakePostgresReplay(plugin, leader, run);
            }
            else
            {
                CloneSqliteReplay(plugin, leader, run);
            }
        }
        // The console says which plugins' schemas were left empty; the audit log says it per plugin.
        foreach (var group in run.Plugins.Where(p => p.ReplayedAs is not null).GroupBy(p => p.ReplayedAs!))
        {
            Log($"{string.Join(", ", group.Select(p => p.Id))}: the same migrations as {group.Key.Id}, replayed once for all; their schemas are provisioned and probed but left empty.");
        }
        return left;
    }

    /// <summary>
    /// An exclusive-postgres plugin whose migrations another plugin replayed cleanly, in a schema of its
    /// own as a role provisioned alike (<see cref="WhyEachReplays"/>): its schema and role are
    /// provisioned and probed like any other, but the migrations are not run again. PostgreSQL clones
    /// whole databases only, and every plugin's schema lives in the run's one database, as in
    /// production; so the schema stays empty, and what Doctor reads of it, the replayed schema and its
    /// size, comes from the replay that stands for it.
    /// </summary>
    private static void TakePostgresReplay(PluginRun plugin, PluginRun leader, RunState run)
    {
        plugin.ReplayedAs = leader;
        TakeReplay(plugin, leader, run,
            $"Not replayed again: the same migrations replayed cleanly for {leader.Id}, in its schema as its role; this schema was provisioned and probed, and its schema and size are that replay's.",
            $"the replay for {leader.Id} stands for them");
    }

    /// <summary>A SQLite datasource that needs to exist gets a copy of the file the same migrations produced for another plugin.</summary>
    private static void CloneSqliteReplay(PluginRun plugin, PluginRun leader, RunState run)
    {
        File.Copy(leader.DatabasePath!, plugin.DatabasePath!, overwrite: true);
        TakeReplay(plugin, leader, run,
            $"Cloned from the replay of the same migrations for {leader.Id}. {leader.MigrationResult!.DatabaseState}",
            $"database file cloned from the replay for {leader.Id}");
    }

    /// <summary>What a plugin takes of another's clean replay of the same files: the schema it read back and its result, with <paramref name="databaseState"/>; the audit says <paramref name="how"/>.</summary>
    private static void TakeReplay(PluginRun plugin, PluginRun leader, RunState run, string databaseState, string how)
    {
        plugin.Shadow = leader.Shadow;
        plugin.MigrationResult = leader.MigrationResult! with { DatabaseState = databaseState };
        run.Audit(plugin.Id, AuditEvents.Migrated, AuditEvents.Succeeded,
            $"{plugin.MigrationResult.Applied.Count} migrations not replayed again: {how} ({ShortKey(plugin.HistoryKey!)})");
    }

    /// <summary>
    /// A history not replayed again: the schema its replay produced, taken from the cache or another
    /// plugin's replay, and, where that replay failed (<paramref name="outcome"/>), how it failed, with its
    /// findings placed on this plugin's own files.
    /// </summary>
    private static void TakeShadow(PluginRun plugin, DatabaseSchema schema, ReplayOutcome? outcome, string source, string origin, RunState run)
    {
        var migrations = plugin.Migrations!.Migrations;
        plugin.Shadow = schema;
        plugin.ServerSource = source;
        plugin.ReplayOutcome = outcome;
        if (outcome is null)
        {
            plugin.MigrationResult = new MigrationRunResult([.. migrations.Select(m => m.Name)], [], null, null, [],
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
    private async Task<string?> ServerTag(DatabaseProvider provider, CancellationToken cancellationToken) =>
        provider == DatabaseProvider.Sqlite
            // The bundle, not sqlite_version(): loading the native library just to ask would be most of a warm check.
            ? SqliteTag
            : HistoryCache is not null && await (_postgresMajor ??= PeekPostgresMajor(cancellationToken)) is { } major ? PostgresTag(major) : null;

    /// <summary>
    /// A drift check against a server named by URL asks it for its version while the manifests and
    /// migrations are read: a session's start is mostly waiting for the server. Uses the run's token,
    /// not a stage's, since the answer is awaited in a later stage.
    /// </summary>
    private void PeekEarly(CancellationToken cancellationToken)
    {
        if (IsPlanned(nameof(Provision)) && ShadowsOnly && HistoryCache is not null && PostgresServerFactory.PicksUrl(Postgres, PostgresUrl))
        {
            _postgresMajor ??= PeekPostgresMajor(cancellationToken);
        }
    }

    /// <summary>
    /// Starts the run's server while the migrations are read, when the run will surely replay into it
    /// (<see cref="WillSurelyReplay"/>). A start that no plugin waits for in the end, because
    /// validation blocked them all, is removed with the run.
    /// </summary>
    private void StartServerEarly(RunState run, CancellationToken cancellationToken)
    {
        if (PostgresUrlGivenWhereNeeded && WillSurelyReplay(run, DatabaseMode.ExclusivePostgres))
        {
            _ = StartServer(RunDeadline(cancellationToken));
        }
    }

    /// <summary>Starts the SQLite library on another thread while the migrations are read, when the run will surely replay into it.</summary>
    private void WarmUpSqliteEarly(RunState run)
    {
        if (WillSurelyReplay(run, DatabaseMode.ExclusiveSqlite))
        {
            _ = Task.Run(SqliteFileProvider.WarmUp);
        }
    }

    /// <summary>
    /// Whether the run will replay a history of <paramref name="mode"/>, known right after discovery:
    /// a plugin with a valid manifest of that mode, and no cache that might hold its history (no cache,
    /// an empty one, or a run that needs the datasources themselves).
    /// </summary>
    private bool WillSurelyReplay(RunState run, DatabaseMode mode) =>
        IsPlanned(nameof(Provision))
        && run.Plugins.Any(p => p.Manifest?.Database.Mode == mode && !PluginRun.HasError(p.Load?.Findings ?? []))
        && (!ShadowsOnly || HistoryCache is not { } cache || cache.IsEmpty);

    private CancellationTokenSource? _runDeadline;

    /// <summary>The run's token, cancelled too when <c>--timeout</c> runs out: for work a stage begins and a later one awaits.</summary>
    private CancellationToken RunDeadline(CancellationToken runToken)
    {
        if (_runDeadline is null)
        {
            _runDeadline = CancellationTokenSource.CreateLinkedTokenSource(runToken);
            if (Timeout is { } timeout)
            {
                var left = Run.StartedAt + timeout - DateTimeOffset.UtcNow;
                _runDeadline.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
            }
        }
        return _runDeadline.Token;
    }

    /// <summary>The major version of the server the run would start, asked of its source without starting it.</summary>
    private async Task<int?> PeekPostgresMajor(CancellationToken cancellationToken)
    {
        if (_serverStart is { } start)
        {
            try
            {
                return (await start).MajorVersion;
            }
            catch (BuildStop)
            {
                // Waiting for the server says why, if a plugin needs it.
                return null;
            }
        }
        try
        {
            return await (await ServerSourceAsync(cancellationToken)).PeekMajorVersionAsync(cancellationToken);
        }
        catch (Exception exception) when (exception is PostgresServerException or ArgumentException)
        {
            // No source, or a URL that does not parse: starting the server says so, if a plugin needs one.
            return null;
        }
    }

    /// <summary>The tag of the server that actually replayed a plugin's history.</summary>
    private string ReplayServerTag(PluginRun plugin) => plugin.Manifest!.Database.Provider == DatabaseProvider.Postgresql ? PostgresTag(_server!.MajorVersion) : SqliteTag;

    private string ReplayServerVersion(PluginRun plugin) =>
        plugin.Manifest!.Database.Provider == DatabaseProvider.Postgresql ? $"PostgreSQL {_server!.Version}" : "SQLite " + (_sqliteVersion ??= SqliteFileProvider.LibraryVersion);

    private static string SqliteTag => "SQLite " + SqliteFileProvider.LibraryBundle;

    private static string PostgresTag(int major) => $"PostgreSQL {major}";
}
