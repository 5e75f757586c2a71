using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Drift;
using PluginDb.Core.Manifests;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Live;

namespace PluginDb.Build;

/// <summary>
/// The Drift stage: each plugin's schema.prisma against what its migrations create (<see cref="PrismaSchemaCheck"/>),
/// and its live database, only ever read, against the same expected side (<see cref="LiveDriftCheck"/>).
/// </summary>
internal sealed partial class Build
{
    private async Task DriftStage(CancellationToken cancellationToken)
    {
        var run = Run;
        if (LiveSqliteDir is null && LivePostgresUrl is null)
        {
            Log("Drift: no --live-sqlite-dir or --live-postgres-url given; no live database is compared.");
        }
        // A drift check that holds every PostgreSQL schema it compares no longer needs the server.
        if (SchemasOnly && _server?.Server is not null && !run.Plugins.Any(p => p.Datasource is { OnServer: true } && p.ExpectedSchema is null && p.MigrationResult is not { Successful: false }))
        {
            _ = ReleaseServer();
        }
        await ForEachPlugin([.. run.Plugins.Where(p => p.Proceeds && p.HasExpectedSide)], "checking drift of", async (plugin, output, ct) =>
        {
            await CheckPrismaSchema(plugin, output, ct);
            await CheckLiveDatabase(plugin, output, ct);
        }, cancellationToken);
        // Nothing reads an in-memory database after this stage: it goes now rather than at the end of the run.
        if (SchemasOnly)
        {
            await run.DisposeDatasourcesAsync();
        }
    }

    /// <summary>schema.prisma does not depend on the replay: it is read and checked while the migrations run, on a core the replay leaves idle.</summary>
    private void PreparePrismaSchemas(RunState run)
    {
        foreach (var plugin in run.Plugins.Where(p => p.Proceeds && IsPlanned(nameof(Drift))))
        {
            plugin.PrismaSchema ??= Task.Run(() => PrismaSchemaCheck.Prepare(plugin.RootDirectory, plugin.Manifest!, run.DisplayBase));
        }
    }

    private static async Task CheckPrismaSchema(PluginState plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        if (await (plugin.PrismaSchema ?? Task.FromResult(PrismaSchemaCheck.Prepare(plugin.RootDirectory, plugin.Manifest!, output.DisplayBase))) is not { } prepared)
        {
            return;
        }
        output.Add(prepared.RuleFindings);
        if (prepared.Mapping is null)
        {
            return;
        }
        if (plugin.MigrationResult is { Successful: false })
        {
            output.Log($"Drift: {plugin.Id}: its migrations did not all apply, so schema.prisma is not compared with them.");
            return;
        }
        var (comparison, findings) = PrismaSchemaCheck.Compare(prepared, await ExpectedSchema(plugin, cancellationToken),
            plugin.Migrations?.Migrations ?? [], plugin.RootDirectory, plugin.Manifest!, output.DisplayBase);
        output.Add(findings);
        output.Log($"Drift: {plugin.Id}: schema.prisma {(comparison.InStep ? "is in step with" : $"differs in {ReportCount(comparison.Differences.Count, "object")} from")} its migrations.");
    }

    /// <summary>The expected side: the schema the plugin's migrations produce, known already or read from its datasource.</summary>
    private static async Task<DatabaseSchema> ExpectedSchema(PluginState plugin, CancellationToken cancellationToken) =>
        plugin.ExpectedSchema ?? (plugin.Datasource is { } datasource ? (await datasource.ReadAsync(cancellationToken)).Database?.Schema : null) ?? DatabaseSchema.Empty;

    private async Task CheckLiveDatabase(PluginState plugin, PluginOutput output, CancellationToken cancellationToken)
    {
        if (LiveSourceFor(plugin) is not { } live)
        {
            return;
        }
        if (plugin.MigrationResult is { Successful: false })
        {
            output.Log($"Drift: {plugin.Id}: its migrations did not all apply to the throwaway datasource, so there is no expected schema to compare the live one with.");
            return;
        }
        var (findings, summary) = await live.CompareAsync(await ExpectedSchema(plugin, cancellationToken), plugin.Migrations?.Migrations ?? [],
            plugin.Manifest!, output.DisplayBase, cancellationToken);
        output.Add(findings);
        if (summary is not null)
        {
            output.Log($"Drift: {plugin.Id}: {summary}.");
        }
    }

    /// <summary>Where a plugin's live database is, or null when no live option covers its provider.</summary>
    private LiveSource? LiveSourceFor(PluginState plugin)
    {
        var manifest = plugin.Manifest!;
        if (manifest.Database.Mode == DatabaseMode.ExclusiveSqlite && LiveSqliteDir is { } dir)
        {
            var given = Path.GetFullPath(dir, WorkingDirectory);
            // A bare project has one database: --live-sqlite-dir may name that file itself.
            var path = Project is not null && File.Exists(given) ? given : Path.Combine(given, "plugins", manifest.Id + ".db");
            return LiveSource.Sqlite(path, DisplayPath.Of(path, WorkingDirectory));
        }
        if (manifest.Database.Mode != DatabaseMode.ExclusivePostgres || LivePostgresUrl is not { } url)
        {
            return null;
        }
        try
        {
            var live = LiveSource.Postgres(url, Project is not null ? LiveSource.ProjectSchemaOf(url) : manifest.Database.Schema!);
            MaskSecret(live.Password);
            return live;
        }
        catch (ArgumentException exception)
        {
            throw new BuildStop(Core.Runs.ExitCodes.UsageError, $"--live-postgres-url: {exception.Message}", exception);
        }
    }
}
