using PluginDb.Build.Pipeline;
using PluginDb.Core.Manifests;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Plugins;
using PluginDb.Datasources.Postgres;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>
/// One plugin's persistent datasource (<see cref="PersistentDatasources"/>), as the platform's
/// <c>plugins db ensure</c>, <c>plugins db info</c>, <c>plugin db migrate</c>, rotation and teardown act on it.
/// </summary>
internal sealed partial class Build
{
    /// <summary>Where persistent datasources live when <c>--data-root</c> is not given.</summary>
    private const string DefaultPersistentDataRoot = "data";

    /// <summary>A persistent target: its audit events add to the log rather than start it afresh.</summary>
    private Task PersistentStage(Func<PluginState, PersistentDatasources, CancellationToken, Task> work, string target, CancellationToken cancellationToken)
    {
        _persistentTarget = true;
        return Stage(async ct =>
        {
            var plugin = PersistentPlugin(target);
            await using var datasources = new PersistentDatasources(Path.GetFullPath(DataRoot ?? DefaultPersistentDataRoot, WorkingDirectory), PostgresUrl,
                AllowedExtensions, WorkingDirectory, MaskSecret);
            try
            {
                await work(plugin, datasources, ct);
            }
            catch (PostgresServerException exception)
            {
                throw new BuildStop(ExitCodes.InfrastructureError, exception.Message, exception);
            }
            catch (InvalidOperationException exception)
            {
                throw new BuildStop(ExitCodes.UsageError, $"{target}: {exception.Message}", exception);
            }
        }, cancellationToken);
    }

    private async Task EnsureTarget(PluginState plugin, PersistentDatasources datasources, CancellationToken cancellationToken)
    {
        if (plugin.Manifest!.Database.Mode == DatabaseMode.Shared)
        {
            Log($"{plugin.Id} uses the platform's shared datasource: there is nothing of its own to provision.");
            return;
        }
        var (datasource, reused, audit, shown) = await datasources.OpenAsync(plugin.Manifest, cancellationToken);
        await using (datasource)
        {
            Run.Audit(audit);
            Log(reused ? $"Reused the datasource of {plugin.Id}{(datasource.OnServer ? " (grants and limits re-asserted)" : "")}." : $"Provisioned the datasource of {plugin.Id}.");
            await Stdout.WriteLineAsync(shown);
        }
    }

    private async Task InfoTarget(PluginState plugin, PersistentDatasources datasources, CancellationToken cancellationToken)
    {
        var (descriptor, exists) = await datasources.DescribeAsync(plugin.Manifest!, cancellationToken);
        await Stdout.WriteAsync(DescriptorJsonWriter.ToJson(plugin.Manifest!, descriptor, exists));
    }

    private async Task ApplyTarget(PluginState plugin, PersistentDatasources datasources, CancellationToken cancellationToken)
    {
        if (plugin.Manifest!.Database.Mode == DatabaseMode.Shared)
        {
            Log($"{plugin.Id} uses the platform's shared datasource: its migrations are the platform's to run.");
            return;
        }
        var (datasource, _, audit, _) = await datasources.OpenAsync(plugin.Manifest, cancellationToken);
        await using (datasource)
        {
            Run.Audit(audit);
            plugin.Datasource = datasource;
            var output = new PluginOutput(Run);
            await plugin.MigrateAsync(output, readBack: false, baseState: null, EntryPointTimeout, cancellationToken);
            output.Flush(Log);
            plugin.SizeBytes = await datasource.SizeAsync(cancellationToken);
        }
        var report = Run.ToReport(ToolName, ToolVersion, DateTimeOffset.UtcNow);
        ConsoleReportRenderer.Render(report, Stdout, ColorOutput);
        if (InGitHubActions)
        {
            WorkflowCommandWriter.WriteAnnotations(report.Findings, Stdout);
        }
        if (plugin.MigrationResult is { } result)
        {
            Log(result.DatabaseState);
        }
        RaiseExitCode(ExitCodes.ForFindings(report.Findings, FailOn));
    }

    private async Task RotateTarget(PluginState plugin, PersistentDatasources datasources, CancellationToken cancellationToken)
    {
        var rotation = await datasources.RotateAsync(plugin.Manifest!, cancellationToken);
        var audit = rotation.ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
        Log(audit.Detail!);
        await Stdout.WriteLineAsync(rotation.Descriptor.MaskedUrl);
        if (rotation.OldPasswordRefused == false)
        {
            throw new BuildStop(ExitCodes.FindingsAtThreshold, $"The old password of {rotation.Role} still logs in after the rotation.");
        }
    }

    private async Task TeardownTarget(PluginState plugin, PersistentDatasources datasources, CancellationToken cancellationToken)
    {
        var audit = (await datasources.TeardownAsync(plugin.Manifest!, cancellationToken)).ToAuditEvent(DateTimeOffset.UtcNow);
        Run.Audit(audit);
        Log(audit.Detail!);
    }

    /// <summary>
    /// The plugin named by <c>--plugin</c>, validated; stops the run with a usage error when it is not
    /// given or not found, and with its findings when its manifest is broken.
    /// </summary>
    private PluginState PersistentPlugin(string target)
    {
        if (string.IsNullOrWhiteSpace(Plugin) && Project is null)
        {
            throw new BuildStop(ExitCodes.UsageError, $"{target} acts on one plugin: name it with --plugin <id>.");
        }
        var run = Run;
        var candidates = DiscoverPlugins().ToList();
        var plugin = Project is not null
            ? candidates[0]
            : candidates.FirstOrDefault(p => p.Manifest?.Id == Plugin || (p.Manifest is null && Path.GetFileName(p.RootDirectory) == Plugin))
              ?? throw new BuildStop(ExitCodes.UsageError,
                  $"No plugin with id '{Plugin}' in {Plugins}. Known: {string.Join(", ", candidates.Select(c => c.Id).Order(StringComparer.Ordinal))}.");
        run.Plugins.Add(plugin);
        run.Add(plugin.LoadMigrations(WorkingDirectory));
        if (plugin.Manifest is null || PluginState.HasError(run.Findings))
        {
            ConsoleReportRenderer.Render(run.ToReport(ToolName, ToolVersion, DateTimeOffset.UtcNow), Stdout, ColorOutput);
            throw new BuildStop(ExitCodes.FindingsAtThreshold, $"The manifest of {plugin.Id} has errors; fix them first.");
        }
        return plugin;
    }
}
