using PluginDb.Build.Pipeline;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Build;

/// <summary>What the run replays and what it starts ahead of the replays; <see cref="ReplayCoordinator"/> decides the rest.</summary>
internal sealed partial class Build
{
    private ReplayCoordinator? _replays;

    /// <summary>
    /// Whether nothing after the replay needs the datasources themselves, only the schemas they hold: a
    /// Drift run without Doctor, whose datasources are thrown away (no <c>--keep</c>, no <c>--data-root</c>).
    /// </summary>
    private bool SchemasOnly => IsPlanned(nameof(Drift)) && !IsPlanned(nameof(Doctor)) && !Keep && DataRoot is null;

    /// <summary>The history cache is <c>--cache-dir</c> (default <c>cache/</c> in the data root); none with <c>--no-cache</c>.</summary>
    private ReplayCoordinator Replays => _replays ??= new ReplayCoordinator(Run,
        NoCache ? null : new HistoryCache(Path.GetFullPath(CacheDir ?? Path.Combine(DataRoot ?? DefaultPersistentDataRoot, "cache"), WorkingDirectory)),
        SchemasOnly, Keep, Server, Log);

    private async Task PlanReplays(RunState run, CancellationToken cancellationToken)
    {
        if (!SchemasOnly && Replays.Cache is not null && run.Plugins.Any(p => p.Replayable && p.Manifest!.Database.Provider == DatabaseProvider.Postgresql))
        {
            // The run needs its server anyway: started first, the keys name it rather than a guess at it.
            await WithServer(Server.GetAsync, true, cancellationToken);
        }
        await Replays.PlanAsync(cancellationToken);
    }

    /// <summary>
    /// Starts what the replays will wait for while the manifests and migrations are read: the run's server
    /// and the SQLite library where the run will surely replay into them (<see cref="WillSurelyReplay"/>),
    /// or, for a drift check against a server named by URL, the question of its version. A start no plugin
    /// waits for in the end, because validation blocked them all, is removed with the run.
    /// </summary>
    private void StartEarly(RunState run, CancellationToken cancellationToken)
    {
        if (PostgresUrlGivenWhereNeeded && WillSurelyReplay(run, DatabaseMode.ExclusivePostgres))
        {
            Server.StartEarly(cancellationToken);
        }
        else if (IsPlanned(nameof(Provision)) && SchemasOnly && Replays.Cache is not null && Server.UsesUrl)
        {
            _ = Server.PeekMajorVersionAsync(cancellationToken);
        }
        if (WillSurelyReplay(run, DatabaseMode.ExclusiveSqlite))
        {
            _ = Task.Run(SqliteFileProvider.WarmUp, CancellationToken.None);
        }
    }

    /// <summary>
    /// Whether the run will replay a history of <paramref name="mode"/>, known right after discovery:
    /// a plugin with a valid manifest of that mode, and no cache that might hold its history (no cache,
    /// an empty one, or a run that needs the datasources themselves).
    /// </summary>
    private bool WillSurelyReplay(RunState run, DatabaseMode mode) =>
        IsPlanned(nameof(Provision))
        && run.Plugins.Any(p => p.Manifest?.Database.Mode == mode && !PluginState.HasError(p.Load?.Findings ?? []))
        && (!SchemasOnly || Replays.Cache is not { } cache || cache.IsEmpty);
}
