using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.Datasources.EntryPoints;
using PluginDb.Datasources.Sqlite;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>The pipeline stages on throwaway datasources: Validate → Provision → Migrate → Doctor.</summary>
internal sealed partial class Build
{
    /// <summary>How long a plugin's own migration entry point may run.</summary>
    private static readonly TimeSpan EntryPointTimeout = TimeSpan.FromMinutes(5);

    /// <summary>Storage use, as a share of <c>limits.storageMb</c>, from which a warning is raised.</summary>
    private const double StorageWarningShare = 0.8;

    private RunState? _run;

    private RunState Run => _run ??= new RunState(DateTimeOffset.UtcNow, DisplayBase, Path.GetFullPath(Out, WorkingDirectory), _persistentTarget);

    /// <summary>
    /// What paths in findings are relative to: the repository (GITHUB_WORKSPACE) in GitHub Actions,
    /// where annotations must name files from the repository root whatever the working directory.
    /// </summary>
    private string DisplayBase =>
        Env("GITHUB_WORKSPACE") is { Length: > 0 } workspace
        && !Path.GetRelativePath(Path.GetFullPath(workspace), WorkingDirectory).StartsWith("..", StringComparison.Ordinal)
            ? Path.GetFullPath(workspace)
            : WorkingDirectory;

    /// <summary>Set by the persistent targets, whose audit events add to the log instead of starting it afresh.</summary>
    private bool _persistentTarget;

    /// <summary>Where relative paths start and what findings are shown relative to; tests set it.</summary>
    internal string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    private Task ValidateStage(CancellationToken cancellationToken)
    {
        var run = Run;
        PeekEarly(cancellationToken);
        foreach (var plugin in DiscoverPlugins())
        {
            run.Plugins.Add(plugin);
        }

        // Fleet rules see every plugin, so a collision across shards is still found by both shards.
        var loaded = run.Plugins.Where(p => p.Load is not null).Select(p => p.Load!).ToList();
        var fleet = FleetRules.Check(loaded, run.DisplayBase);
        if (Pipeline.Shard.Parse(Shard) is { } shard)
        {
            var total = run.Plugins.Count;
            run.Plugins.RemoveAll(p => !shard.Contains(p.Id));
            var kept = run.Plugins.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            fleet = [.. fleet.Where(f => f.Plugin is null || kept.Contains(f.Plugin))];
            Log($"Shard {shard}: {ReportCount(run.Plugins.Count, "plugin")} of {total}.");
        }
        run.Add(fleet);
        StartServerEarly(run, cancellationToken);
        WarmUpSqliteEarly(run);
        foreach (var plugin in run.Plugins)
        {
            run.Add(plugin.Load?.Findings ?? []);
            if (plugin.Manifest?.MigrationsPath is { } migrations && !PluginRun.HasError(plugin.Load?.Findings ?? []))
            {
                plugin.Migrations = MigrationFolder.Load(migrations, plugin.Manifest.Database.Provider, plugin.Id, run.DisplayBase);
                run.Add(plugin.Migrations.Findings);
            }
            plugin.Blocked = PluginRun.HasError(run.Findings.Where(f => f.Plugin == plugin.Id));
        }
        Log($"Validated {ReportCount(run.Plugins.Count, "plugin")}.");
        return Task.CompletedTask;
    }

    private IEnumerable<PluginRun> DiscoverPlugins()
    {
        if (Project is not null)
        {
            var manifest = ProjectPlugin.Load(Project, WorkingDirectory);
            yield return new PluginRun(manifest.RootDirectory) { Manifest = manifest };
            yield break;
        }

        var roots = PluginDiscovery.Find(Plugins, WorkingDirectory);
        if (roots.Count == 0)
        {
            throw new BuildStop(ExitCodes.UsageError, $"--plugins {Plugins}: no plugin folder (one holding plugin.json) matches.");
        }
        foreach (var root in roots)
        {
            var load = ManifestLoader.Load(Path.Combine(root, ManifestLoader.ManifestFileName), DisplayBase);
            yield return new PluginRun(root) { Load = load, Manifest = load.Manifest };
        }
    }

    private async Task ProvisionStage(CancellationToken cancellationToken)
    {
        var run = Run;
        if (DataRoot is not null)
        {
            run.DataRoot = Path.GetFullPath(DataRoot, WorkingDirectory);
        }
        else
        {
            run.DataRoot = Path.Combine(Path.GetTempPath(), "plugindb-" + Guid.NewGuid().ToString("N")[..12]);
            run.DataRootIsTemporary = true;
        }

        await ResolveHistories(run, cancellationToken);
        // Plugins waiting for a shared replay need a datasource of their own only when the run needs datasources.
        await ProvisionPlugins([.. run.Plugins.Where(p => p.Proceeds && p.Shadow is null && (p.SameHistoryAs is null || !ShadowsOnly))], run, cancellationToken);
    }

    /// <summary>Gives each plugin its throwaway datasource: SQLite ones one by one (in memory when only the schema is wanted), PostgreSQL ones in one batch.</summary>
    private async Task ProvisionPlugins(IReadOnlyList<PluginRun> plugins, RunState run, CancellationToken cancellationToken)
    {
        var sqlite = plugins.Where(p => p.Manifest!.Database.Mode == DatabaseMode.ExclusiveSqlite).ToList();
        for (var i = 0; i < sqlite.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            Progress.Report(i + 1, sqlite.Count, $"provisioning {sqlite[i].Id}");
            if (ShadowsOnly && sqlite[i].Manifest!.EntryPointPath is null)
            {
                var (connection, descriptor) = await SqliteFileProvider.OpenInMemoryAsync(sqlite[i].Manifest!, cancellationToken);
                sqlite[i].ShadowConnection = connection;
                sqlite[i].Descriptor = descriptor;
                sqlite[i].ServerSource = "memory";
                run.Audit(sqlite[i].Id, AuditEvents.Provisioned, AuditEvents.Succeeded, "in-memory SQLite shadow (only its schema is read)");
                continue;
            }
            await ProvisionSqlite(sqlite[i], sqlite[i].Manifest!, run, cancellationToken);
        }
        Progress.Complete();
        await ProvisionPostgres([.. plugins.Where(p => p.Manifest!.Database.Mode == DatabaseMode.ExclusivePostgres)], run, cancellationToken);
    }

    private static async Task ProvisionSqlite(PluginRun plugin, PluginManifest manifest, RunState run, CancellationToken cancellationToken)
    {
        try
        {
            var (descriptor, reused) = await SqliteFileProvider.EnsureAsync(run.DataRoot!, manifest, cancellationToken);
            plugin.Descriptor = descriptor;
            plugin.DatabasePath = SqliteFileProvider.DatabasePath(run.DataRoot!, manifest.Id);
            plugin.ServerSource = "file";
            run.Audit(manifest.Id, reused ? AuditEvents.Reused : AuditEvents.Provisioned, AuditEvents.Succeeded,
                DisplayPath.Of(plugin.DatabasePath, run.DisplayBase));
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
        {
            plugin.Blocked = true;
            run.Add(FindingCodes.DatasourceUnreachable.Create(
                $"The SQLite datasource could not be created under {run.DataRoot}: {exception.Message}", manifest.Id,
                DisplayPath.Of(manifest.ManifestPath, run.DisplayBase)));
            run.Audit(manifest.Id, AuditEvents.Failed, AuditEvents.Refused, exception.Message);
            throw new BuildStop(ExitCodes.InfrastructureError, $"{manifest.Id}: the SQLite datasource could not be created: {exception.Message}", exception);
        }
    }

    private async Task MigrateStage(CancellationToken cancellationToken)
    {
        var run = Run;
        PreparePrismaSchemas(run);
        await ForEachPlugin([.. run.Plugins.Where(p => p.Proceeds && p.Descriptor is not null && p.SameHistoryAs is null)], "migrating", MigrateAndRemember, cancellationToken);

        // Plugins that shared a history whose replay had nothing to give them replay it themselves.
        var left = TakeSharedReplays(run);
        if (left.Count > 0)
        {
            await ProvisionPlugins([.. left.Where(p => p.Descriptor is null)], run, cancellationToken);
            await ForEachPlugin([.. left.Where(p => p.Proceeds && p.Descriptor is not null)], "migrating", MigrateAndRemember, cancellationToken);
        }
    }

    private async Task MigrateAndRemember(PluginRun plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        await MigratePlugin(plugin, output, cancellationToken);
        await RememberShadow(plugin, output, cancellationToken);
    }

    /// <summary>
    /// How many plugins are worked on at once: the cores, at least two (much of the time is spent
    /// waiting on a server), at most eight; and no more than the run's PostgreSQL server has
    /// connections free for, at <see cref="ConnectionsPerPlugin"/> each.
    /// </summary>
    private int Parallelism => Math.Min(Math.Clamp(Environment.ProcessorCount, 2, 8), Math.Max(1, _freeServerConnections / ConnectionsPerPlugin));

    /// <summary>A plugin's replay holds one session for the scripts and one for the bookkeeping; one more for the drift read.</summary>
    private const int ConnectionsPerPlugin = 3;

    /// <summary>
    /// Runs <paramref name="work"/> for each plugin, several at once; each plugin's findings, audit
    /// events and log lines reach the run in plugin order once all are done, whatever the scheduling.
    /// </summary>
    private async Task ForEachPlugin(
        IReadOnlyList<PluginRun> plugins, string activity, Func<PluginRun, PluginOutput, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var run = Run;
        var outputs = plugins.Select(_ => new PluginOutput(run)).ToArray();
        var started = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        async Task One(int index)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                cancellationToken.ThrowIfCancellationRequested();
                Progress.Report(Interlocked.Increment(ref started), plugins.Count, $"{activity} {plugins[index].Id}");
                await work(plugins[index], outputs[index], cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }
        try
        {
            await Task.WhenAll(Enumerable.Range(0, plugins.Count).Select(One));
        }
        finally
        {
            Progress.Complete();
            foreach (var output in outputs)
            {
                output.Flush(Log);
            }
        }
    }

    /// <summary>Live progress on stderr: one rewritten line at a terminal, plain lines in a log.</summary>
    private ConsoleProgress Progress => _progress ??= new ConsoleProgress(
        Stderr, interactive: ReferenceEquals(Stderr, Console.Error) && !Console.IsErrorRedirected && Env("CI") is null);

    private ConsoleProgress? _progress;

    private async Task MigratePlugin(PluginRun plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        var manifest = plugin.Manifest!;
        if (manifest.EntryPointPath is not null)
        {
            var result = await new EntryPointRunner().RunAsync(manifest, plugin.Descriptor!.Url, EntryPointTimeout, output.DisplayBase, cancellationToken);
            output.Add(result.Findings);
            output.Audit(manifest.Id, result.Successful ? AuditEvents.Migrated : AuditEvents.Failed,
                result.Successful ? AuditEvents.Succeeded : AuditEvents.Refused,
                $"entry point {DisplayPath.Of(manifest.EntryPointPath, output.DisplayBase)} exited {result.ExitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "(timed out)"} after {result.Duration.TotalSeconds:0.0} s");
            return;
        }
        if (plugin.Migrations is not { } folder)
        {
            return;
        }

        var migration = Unreachable(plugin, folder, output.DisplayBase) ?? (manifest.Database.Mode != DatabaseMode.ExclusiveSqlite
            ? await MigratePostgres(plugin, folder, output.DisplayBase, cancellationToken)
            : plugin.ShadowConnection is { } memory
                ? await new SqliteMigrationRunner().RunAsync(memory, folder.Migrations, manifest.Id, output.DisplayBase, cancellationToken)
                : await new SqliteMigrationRunner().RunAsync(plugin.DatabasePath!, folder.Migrations, manifest.Id, output.DisplayBase, cancellationToken));
        plugin.MigrationResult = migration;
        output.Add(migration.Findings);
        output.Audit(manifest.Id, migration.Successful ? AuditEvents.Migrated : AuditEvents.Failed,
            migration.Successful ? AuditEvents.Succeeded : AuditEvents.Refused,
            $"{migration.Applied.Count} applied, {migration.AlreadyApplied.Count} already applied. {migration.DatabaseState}");
    }

    /// <summary>
    /// An exclusive-postgres plugin's history that reaches outside its schema, or creates an extension
    /// itself, cannot run as its role: said before any statement runs, and not replayed.
    /// </summary>
    private MigrationRunResult? Unreachable(PluginRun plugin, MigrationFolderResult folder, string displayBase)
    {
        var database = plugin.Manifest!.Database;
        if (database.Mode != DatabaseMode.ExclusivePostgres || Project is not null)
        {
            return null;
        }
        var findings = MigrationReach.Check(folder.Migrations, database.Schema!, database.Extensions, plugin.Id, displayBase);
        return findings.Count == 0
            ? null
            : new MigrationRunResult([], [], null, $"{findings.Count} of its statements need more than the plugin's role may do", findings,
                "Not replayed: the history needs more than the plugin's role may do; its schema is as provisioned.");
    }

    private async Task DoctorStage(CancellationToken cancellationToken)
    {
        var run = Run;
        await DoctorPostgres(run, cancellationToken);
        foreach (var plugin in run.Plugins.Where(p => p.Descriptor is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (plugin.DatabasePath is { } path)
            {
                plugin.SizeBytes = SqliteFileProvider.SizeBytes(path);
            }
            CheckStorage(plugin, run);
        }
    }

    private static void CheckStorage(PluginRun plugin, RunState run)
    {
        if (plugin.SizeBytes is not { } size || plugin.Manifest?.Database.Limits.StorageMb is not { } limitMb)
        {
            return;
        }
        var limit = limitMb * 1024L * 1024L;
        var share = (double)size / limit;
        var code = share >= 1 ? FindingCodes.StorageOverLimit : share >= StorageWarningShare ? FindingCodes.StorageNearLimit : null;
        if (code is null)
        {
            return;
        }
        var position = plugin.Load?.PositionOf("/sovereign/database/limits/storageMb");
        run.Add(code.Create(
            $"The datasource holds {size:N0} bytes, {share:P0} of its limit of {limitMb} MB (limits.storageMb).",
            plugin.Id, DisplayPath.Of(plugin.Manifest!.ManifestPath, run.DisplayBase), position?.Line, position?.Column));
    }

    private static string ReportCount(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
