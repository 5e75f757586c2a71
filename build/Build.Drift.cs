using Microsoft.Data.Sqlite;
using PluginDb.Build.Pipeline;
using PluginDb.Core;
using PluginDb.Core.Drift;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Runs;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Build;

/// <summary>
/// The Drift stage: one method per check, each adding its findings to the run. The live check
/// compares each plugin's live database (<c>--live-sqlite-dir</c>, <c>--live-postgres-url</c>) with
/// its shadow — the throwaway datasource Provision and Migrate just built from the same migrations —
/// and the live <c>_prisma_migrations</c> with the repository's migrations. The live side is only
/// ever read: SQLite opened read-only, PostgreSQL inside a read-only transaction.
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
        ReleasePostgresEarly(run);
        await ForEachPlugin([.. run.Plugins.Where(p => p.Proceeds && p.HasShadow)], "checking drift of", async (plugin, output, ct) =>
        {
            await CheckPrismaSchema(plugin, output, ct);
            await CheckLiveDatabase(plugin, output, ct);
        }, cancellationToken);
        // Nothing reads the shadows after this stage; in-memory ones go now rather than at the end of the run.
        await CloseShadowConnections(run);
    }

    private async Task CheckLiveDatabase(PluginRun plugin, PluginOutput output, CancellationToken cancellationToken)
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
        await CheckLiveDatabase(plugin, live, output, cancellationToken);
    }

    private static async Task CloseShadowConnections(RunState run)
    {
        foreach (var plugin in run.Plugins.Where(p => p.ShadowConnection is not null))
        {
            await plugin.ShadowConnection!.DisposeAsync();
            plugin.ShadowConnection = null;
        }
    }

    private async Task CheckLiveDatabase(PluginRun plugin, LiveSource live, PluginOutput run, CancellationToken cancellationToken)
    {
        var manifest = plugin.Manifest!;
        var manifestFile = DisplayPath.Of(manifest.ManifestPath, run.DisplayBase);
        DatabaseSchema expected;
        LiveDatabase? actual;
        try
        {
            expected = await ShadowSchema(plugin, cancellationToken);
            actual = await live.Read(cancellationToken);
        }
        catch (Exception exception) when (exception is SqliteException or PostgresProtocolException or IOException
                                              or UnauthorizedAccessException or System.Net.Sockets.SocketException)
        {
            run.Add(Core.Findings.FindingCodes.DatasourceUnreachable.Create(
                $"The live {live.Label} could not be read for the drift check: {exception.Message}", plugin.Id, manifestFile));
            return;
        }
        if (actual is null)
        {
            run.Add(Core.Findings.FindingCodes.LiveDatabaseNotFound.Create(
                $"There is no live {live.Label} for {plugin.Id}, so its drift was not checked.", plugin.Id, manifestFile));
            return;
        }

        var migrations = plugin.Migrations?.Migrations ?? [];
        var differences = SchemaDiff.Compare(expected, actual.Schema);
        var history = HistoryIntegrity.Check(migrations, actual.History, plugin.Id, run.DisplayBase, manifest.MigrationsPath);
        run.Add(DriftFindings.Create(differences, migrations, plugin.Id, manifestFile, live.Label, run.DisplayBase));
        run.Add(history);
        run.Log($"Drift: {plugin.Id}: {ReportCount(differences.Count, "difference")} from the migrations in the live {live.Label}, " +
            $"{ReportCount(history.Count, "history finding")} in its _prisma_migrations.");
    }

    /// <summary>The expected side: the schema the plugin's migrations produce, known already or read from its throwaway datasource.</summary>
    private static async Task<DatabaseSchema> ShadowSchema(PluginRun plugin, CancellationToken cancellationToken) =>
        plugin.Shadow ?? (await ReadShadow(plugin, cancellationToken))?.Schema ?? DatabaseSchema.Empty;

    /// <summary>The throwaway datasource the pipeline migrated, read back.</summary>
    private static async Task<LiveDatabase?> ReadShadow(PluginRun plugin, CancellationToken cancellationToken) =>
        plugin.ShadowConnection is { } memory ? await SqliteLiveReader.ReadAsync(memory, cancellationToken)
        : plugin.DatabasePath is { } path ? await SqliteLiveReader.ReadAsync(path, cancellationToken)
        : await PostgresLiveReader.ReadAsync(plugin.PostgresConnectionString!, plugin.Manifest!.Database.Schema ?? PostgresProjectDatabase.Schema, cancellationToken);

    /// <summary>Where a plugin's live database is, or null when no live option covers its provider.</summary>
    private LiveSource? LiveSourceFor(PluginRun plugin)
    {
        var manifest = plugin.Manifest!;
        if (manifest.Database.Mode == DatabaseMode.ExclusiveSqlite && LiveSqliteDir is { } dir)
        {
            var given = Path.GetFullPath(dir, WorkingDirectory);
            // A bare project has one database: --live-sqlite-dir may name that file itself.
            var path = Project is not null && File.Exists(given) ? given : Path.Combine(given, "plugins", manifest.Id + ".db");
            return new LiveSource($"database {DisplayPath.Of(path, WorkingDirectory)}", ct => SqliteLiveReader.ReadAsync(path, ct));
        }
        if (manifest.Database.Mode == DatabaseMode.ExclusivePostgres && LivePostgresUrl is { } url)
        {
            var settings = ConnectionSettings("--live-postgres-url", url);
            var schema = Project is not null ? LiveProjectSchema(url) : manifest.Database.Schema!;
            return new LiveSource($"schema `{schema}` of {settings.Host}:{settings.Port}/{settings.Database}",
                ct => PostgresLiveReader.ReadAsync(settings.ConnectionString, schema, ct));
        }
        return null;
    }

    /// <summary>A project's live schema: the URL's <c>?schema=</c>, as Prisma reads it, else <c>public</c>.</summary>
    private static string LiveProjectSchema(string url) =>
        url.StartsWith("postgres", StringComparison.OrdinalIgnoreCase) && Uri.TryCreate(url, UriKind.Absolute, out _)
            ? PostgresDatasourceUrl.Parse(url).Schema
            : PostgresProjectDatabase.Schema;

    /// <summary>A live database to read and how findings name it.</summary>
    private sealed record LiveSource(string Label, Func<CancellationToken, Task<LiveDatabase?>> Read);
}
