using PluginDb.Build.Pipeline;
using PluginDb.Core.Manifests;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Plugins;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>The pipeline stages on throwaway datasources: Validate → Provision → Migrate → Drift → Doctor.</summary>
internal sealed partial class Build
{
    /// <summary>How long a plugin's own migration entry point may run.</summary>
    private static readonly TimeSpan EntryPointTimeout = TimeSpan.FromMinutes(5);

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

    private async Task ValidateStage(CancellationToken cancellationToken)
    {
        var run = Run;
        run.Plugins.AddRange(DiscoverPlugins());

        // Fleet rules see every plugin, so a collision across shards is still found by both shards.
        var fleet = FleetRules.Check([.. run.Plugins.Where(p => p.Load is not null).Select(p => p.Load!)], run.DisplayBase);
        if (Pipeline.Shard.Parse(Shard) is { } shard)
        {
            var total = run.Plugins.Count;
            run.Plugins.RemoveAll(p => !shard.Contains(p.Id));
            var kept = run.Plugins.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            fleet = [.. fleet.Where(f => f.Plugin is null || kept.Contains(f.Plugin))];
            Log($"Shard {shard}: {ReportCount(run.Plugins.Count, "plugin")} of {total}.");
        }
        run.Add(fleet);
        StartEarly(run, cancellationToken);
        // The base is read from git while the migrations folders are read from the disk.
        var reference = BaseComparison.Reference(Base, Env);
        var onBase = reference is null ? null : Task.Run(() => BaseComparison.ReadAsync([.. run.Plugins.Where(p => !PluginState.HasError(p.Load?.Findings ?? []))], reference, cancellationToken), cancellationToken);
        foreach (var plugin in run.Plugins)
        {
            run.Add(plugin.LoadMigrations(run.DisplayBase));
            plugin.Blocked = PluginState.HasError(run.Findings.Where(f => f.Plugin == plugin.Id));
        }
        Log($"Validated {ReportCount(run.Plugins.Count, "plugin")}.");
        if (onBase is not null)
        {
            Log($"Compared with {reference}: {ReportCount(BaseComparison.Check(run, await onBase, reference!), "new migration")}.");
        }
    }

    private IEnumerable<PluginState> DiscoverPlugins() => PluginState.Discover(Project, Plugins, WorkingDirectory, DisplayBase);

    private async Task ProvisionStage(CancellationToken cancellationToken)
    {
        var run = Run;
        run.DataRoot = DataRoot is not null ? Path.GetFullPath(DataRoot, WorkingDirectory) : Path.Combine(Path.GetTempPath(), "plugindb-" + Guid.NewGuid().ToString("N")[..12]);
        run.DataRootIsTemporary = DataRoot is null;
        await PlanReplays(run, cancellationToken);
        // Plugins waiting for another's replay need a datasource of their own only when the run needs datasources.
        await ProvisionPlugins([.. run.Plugins.Where(p => p.Proceeds && p.ExpectedSchema is null && p.MigrationResult is null && (p.Follows is null || !SchemasOnly))], run, cancellationToken);
    }

    private async Task ProvisionPlugins(IReadOnlyList<PluginState> plugins, RunState run, CancellationToken cancellationToken)
    {
        if (plugins.Count == 0)
        {
            return;
        }
        var postgres = plugins.Any(p => p.Manifest!.Database.Mode == DatabaseMode.ExclusivePostgres);
        var options = new ProvisionOptions(run.DataRoot!, run.DataRootIsTemporary, SchemasOnly, Keep, run.DisplayBase, AllowedExtensions);
        var provisioned = await WithServer(ct => PluginProvisioner.ProvisionAsync([.. plugins.Select(p => p.Manifest!)], options,
            postgres ? Server : null, Project is not null, ct), postgres, cancellationToken);
        provisioned.Secrets.ToList().ForEach(MaskSecret);
        run.Add(provisioned.Findings);
        foreach (var auditEvent in provisioned.Audit)
        {
            run.Audit(auditEvent);
        }
        foreach (var plugin in plugins)
        {
            plugin.Datasource = provisioned.Datasources.GetValueOrDefault(plugin.Id);
            plugin.Blocked |= plugin.Datasource is null;
        }
        if (provisioned.Unreachable is { } problem)
        {
            throw new BuildStop(ExitCodes.InfrastructureError, problem);
        }
    }

    private async Task MigrateStage(CancellationToken cancellationToken)
    {
        var run = Run;
        PreparePrismaSchemas(run);
        await ForEachPlugin([.. run.Plugins.Where(p => p.Proceeds && p.Datasource is not null && p.Follows is null)], "migrating", MigrateAndRemember, cancellationToken);

        // Plugins that followed a replay that had nothing to give them replay the history themselves.
        var left = Replays.TakeFollowedReplays();
        if (left.Count > 0)
        {
            await ProvisionPlugins([.. left.Where(p => p.Datasource is null)], run, cancellationToken);
            await ForEachPlugin([.. left.Where(p => p.Proceeds && p.Datasource is not null)], "migrating", MigrateAndRemember, cancellationToken);
        }
        await StopIfServerDied(run, "Migrate", cancellationToken);
    }

    private async Task MigrateAndRemember(PluginState plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        await plugin.MigrateAsync(output, plugin.HistoryKey is not null && Replays.ReadsBack(plugin), Replays.BaseStateOf(plugin), EntryPointTimeout, cancellationToken);
        await Replays.RememberAsync(plugin, output, cancellationToken);
    }

    private async Task DoctorStage(CancellationToken cancellationToken)
    {
        var run = Run;
        run.Add(await PostgresSchemaDatasource.ProbeIsolationAsync(run.Plugins.Select(p => p.Datasource), cancellationToken));
        foreach (var plugin in run.Plugins.Where(p => p.Datasource is not null))
        {
            cancellationToken.ThrowIfCancellationRequested();
            run.Add(await plugin.MeasureAsync(run.DisplayBase, cancellationToken) is { } finding ? [finding] : []);
        }
        await StopIfServerDied(run, "Doctor", cancellationToken);
    }

    /// <summary>
    /// How many plugins are worked on at once: the cores, at least two (much of the time is spent
    /// waiting on a server), at most eight; and no more than the run's PostgreSQL server has
    /// connections free for, at three each (the replay's scripts, its bookkeeping, the drift read).
    /// </summary>
    private Task ForEachPlugin(IReadOnlyList<PluginState> plugins, string activity, Func<PluginState, PluginOutput, CancellationToken, Task> work, CancellationToken cancellationToken) =>
        (_scheduler ??= new PluginScheduler(Run, new ConsoleProgress(Stderr, interactive: ReferenceEquals(Stderr, Console.Error) && !Console.IsErrorRedirected && Env("CI") is null), Log))
        .ForEachAsync(plugins, Math.Min(Math.Clamp(Environment.ProcessorCount, 2, 8), Math.Max(1, (_server?.Server?.FreeConnections ?? int.MaxValue) / 3)), activity, work, cancellationToken);

    private PluginScheduler? _scheduler;

    private static string ReportCount(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";
}
