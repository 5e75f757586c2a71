using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.Datasources.Sqlite;
using PluginDb.Reporting;

namespace PluginDb.Build;

/// <summary>
/// One plugin's persistent datasource, as the platform's <c>plugins db ensure</c>,
/// <c>plugins db info</c> and <c>plugin db migrate</c> act on it.
/// </summary>
internal sealed partial class Build
{
    /// <summary>Where persistent datasources live when <c>--data-root</c> is not given.</summary>
    private const string DefaultPersistentDataRoot = "data";

    private string PersistentDataRoot => Path.GetFullPath(DataRoot ?? DefaultPersistentDataRoot, WorkingDirectory);

    /// <summary>A persistent target: its audit events add to the log rather than start it afresh.</summary>
    private Task PersistentStage(Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        _persistentTarget = true;
        return Stage(work, cancellationToken);
    }

    private async Task EnsureTarget(CancellationToken cancellationToken)
    {
        var plugin = PersistentPlugin("Ensure");
        var manifest = plugin.Manifest!;
        switch (manifest.Database.Mode)
        {
            case DatabaseMode.ExclusiveSqlite:
                var (_, reused) = await SqliteFileProvider.EnsureAsync(PersistentDataRoot, manifest, cancellationToken);
                var path = SqliteFileProvider.DatabasePath(PersistentDataRoot, manifest.Id);
                Run.Audit(manifest.Id, reused ? AuditEvents.Reused : AuditEvents.Provisioned, AuditEvents.Succeeded, DisplayPath.Of(path, WorkingDirectory));
                Log(reused ? $"Reused the datasource of {manifest.Id}." : $"Provisioned the datasource of {manifest.Id}.");
                await Stdout.WriteLineAsync(DisplayPath.Of(path, WorkingDirectory));
                break;
            case DatabaseMode.ExclusivePostgres:
                await EnsurePostgres(manifest, cancellationToken);
                break;
            default:
                Log($"{manifest.Id} uses the platform's shared datasource: there is nothing of its own to provision.");
                break;
        }
    }

    private async Task InfoTarget(CancellationToken cancellationToken)
    {
        var plugin = PersistentPlugin("Info");
        var manifest = plugin.Manifest!;
        var descriptor = manifest.Database.Mode switch
        {
            DatabaseMode.ExclusiveSqlite => SqliteFileProvider.Describe(PersistentDataRoot, manifest),
            DatabaseMode.ExclusivePostgres => await DescribePostgres(manifest, cancellationToken),
            _ => null,
        };
        var exists = manifest.Database.Mode == DatabaseMode.ExclusiveSqlite
            ? File.Exists(SqliteFileProvider.DatabasePath(PersistentDataRoot, manifest.Id))
            : descriptor is not null;
        await Stdout.WriteAsync(DescriptorJsonWriter.ToJson(manifest, descriptor, exists));
    }

    private async Task ApplyTarget(CancellationToken cancellationToken)
    {
        var plugin = PersistentPlugin("Apply");
        var manifest = plugin.Manifest!;
        if (manifest.Database.Mode == DatabaseMode.Shared)
        {
            Log($"{manifest.Id} uses the platform's shared datasource: its migrations are the platform's to run.");
            return;
        }
        if (manifest.Database.Mode == DatabaseMode.ExclusiveSqlite)
        {
            Run.DataRoot = PersistentDataRoot;
            await ProvisionSqlite(plugin, manifest, Run, cancellationToken);
        }
        else
        {
            await ProvisionPersistentPostgres(plugin, cancellationToken);
        }

        var output = new PluginOutput(Run);
        await MigratePlugin(plugin, output, cancellationToken);
        output.Flush(Log);
        if (plugin.DatabasePath is { } path)
        {
            plugin.SizeBytes = SqliteFileProvider.SizeBytes(path);
        }
        var report = ToReport(Run, DateTimeOffset.UtcNow);
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

    /// <summary>
    /// The plugin named by <c>--plugin</c>, validated; stops the run with a usage error when it is not
    /// given or not found, and with its findings when its manifest is broken.
    /// </summary>
    private PluginRun PersistentPlugin(string target)
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
        run.Add(plugin.Load?.Findings ?? []);
        if (plugin.Manifest?.MigrationsPath is { } migrations && Directory.Exists(migrations))
        {
            plugin.Migrations = MigrationFolder.Load(migrations, plugin.Manifest.Database.Provider, plugin.Id, WorkingDirectory);
            run.Add(plugin.Migrations.Findings);
        }
        if (plugin.Manifest is null || PluginRun.HasError(run.Findings))
        {
            ConsoleReportRenderer.Render(ToReport(run, DateTimeOffset.UtcNow), Stdout, ColorOutput);
            throw new BuildStop(ExitCodes.FindingsAtThreshold, $"The manifest of {plugin.Id} has errors; fix them first.");
        }
        return plugin;
    }
}
