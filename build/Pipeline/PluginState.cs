using System.Globalization;
using PluginDb.Core;
using PluginDb.Core.Datasources;
using PluginDb.Core.Drift;
using PluginDb.Core.Findings;
using PluginDb.Core.Health;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Rehearsal;
using PluginDb.Core.Reports;
using PluginDb.Core.Runs;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.EntryPoints;
using PluginDb.Datasources.Plugins;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// One plugin's state in a run. The stages fill it in turn; a plugin whose manifest or migrations folder
/// has an error goes no further than validation. Its datasource knows how to migrate, read and measure
/// itself; what is kept here is what the stages learned of the plugin.
/// </summary>
internal sealed class PluginState(string rootDirectory)
{
    public string RootDirectory { get; } = rootDirectory;

    public PluginManifest? Manifest { get; set; }

    /// <summary>Positions of the manifest's values, for findings about them.</summary>
    public ManifestLoadResult? Load { get; set; }

    public MigrationFolderResult? Migrations { get; set; }

    /// <summary>With <c>--base</c>: the migrations the change adds (those not on the base); null without a base.</summary>
    public IReadOnlyList<LocalMigration>? NewMigrations { get; set; }

    /// <summary>What each rehearsed statement did, for the job summary; null where nothing was rehearsed.</summary>
    public IReadOnlyList<StatementObservation>? Rehearsal { get; set; }

    /// <summary>Whether its new migrations are rehearsed over rows (with <c>--base</c>): it replays for itself, never from the cache.</summary>
    public bool Rehearses => NewMigrations is { Count: > 0 } && IsExclusive && Manifest!.EntryPointPath is null;

    /// <summary>Set by validation when an error stops the plugin from going further.</summary>
    public bool Blocked { get; set; }

    public PluginDatasource? Datasource
    {
        get;
        set
        {
            field = value;
            Descriptor ??= value?.Descriptor;
        }
    }

    /// <summary>What the platform hands the plugin: kept after its datasource is released, for the report.</summary>
    public PluginDatasourceDescriptor? Descriptor { get; private set; }

    /// <summary>Where the expected schema came from when no datasource of its own was made: <c>cache</c>, or the source of the replay it took.</summary>
    public string? TakenFrom { get; set; }

    public MigrationOutcome? MigrationResult { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>The content address of the plugin's migration history (<see cref="Core.Migrations.HistoryKey"/>), when it can be cached.</summary>
    public string? HistoryKey { get; set; }

    /// <summary>
    /// The server <see cref="HistoryKey"/> was made for (<c>PostgreSQL 15</c>, the SQLite bundle), or null
    /// when it could not be told before the run's server started; only a key that names one is cached.
    /// </summary>
    public string? HistoryServer { get; set; }

    /// <summary>How a replay that failed on its files ended, as the cache keeps it; null after a clean one.</summary>
    public ReplayOutcome? ReplayOutcome { get; set; }

    /// <summary>Whether the migrations applied with no finding at all: only such a replay's schema is shared or cached.</summary>
    public bool ReplayedCleanly => MigrationResult is { Successful: true, Findings.Count: 0 };

    /// <summary>
    /// The schema the plugin's migrations produce, the expected side of the drift checks: read back from
    /// its datasource after the replay, or taken from the history cache or another plugin's replay.
    /// </summary>
    public DatabaseSchema? ExpectedSchema { get; set; }

    /// <summary>An earlier plugin of the run with the same files whose replay this one waits for.</summary>
    public PluginState? Follows { get; set; }

    /// <summary>The plugin whose replay into its PostgreSQL schema stands for this one's, whose own schema was left empty.</summary>
    public PluginState? SharesReplayOf { get; set; }

    /// <summary>schema.prisma, read and mapped while the migrations replay; null inside when the plugin has none.</summary>
    public Task<PreparedPrismaSchema?>? PrismaSchema { get; set; }

    /// <summary>Whether the drift checks have an expected side: a migrated datasource or a known schema.</summary>
    public bool HasExpectedSide => Datasource is not null || ExpectedSchema is not null;

    public string Id => Manifest?.Id ?? Path.GetFileName(RootDirectory);

    public bool IsExclusive => Manifest?.Database.Mode is DatabaseMode.ExclusiveSqlite or DatabaseMode.ExclusivePostgres;

    /// <summary>Whether the stages after validation act on this plugin.</summary>
    public bool Proceeds => !Blocked && Manifest is not null && IsExclusive;

    /// <summary>Whether the run replays the plugin's history itself (no entry point of its own) and may share or cache it.</summary>
    public bool Replayable => Proceeds && Manifest!.EntryPointPath is null && Migrations is { HasErrors: false, Migrations.Count: > 0 };

    /// <summary>Which server served the datasource, as the report says (<c>file</c>, <c>memory</c>, the PostgreSQL source, <c>cache</c>).</summary>
    public string? Source => Datasource?.Source ?? TakenFrom;

    public static bool HasError(IEnumerable<Finding> findings) => findings.Any(f => f.Severity == Severity.Error);

    /// <summary>The plugins <c>--project</c> or <c>--plugins</c> (a folder or a glob of folders) names, their manifests loaded.</summary>
    public static IEnumerable<PluginState> Discover(string? project, string plugins, string workingDirectory, string displayBase)
    {
        if (project is not null)
        {
            var manifest = ProjectPlugin.Load(project, workingDirectory);
            yield return new PluginState(manifest.RootDirectory) { Manifest = manifest };
            yield break;
        }
        var roots = PluginDiscovery.Find(plugins, workingDirectory);
        if (roots.Count == 0)
        {
            throw new BuildStop(ExitCodes.UsageError, $"--plugins {plugins}: no plugin folder (one holding plugin.json) matches.");
        }
        foreach (var root in roots)
        {
            var load = ManifestLoader.Load(Path.Combine(root, ManifestLoader.ManifestFileName), displayBase);
            yield return new PluginState(root) { Load = load, Manifest = load.Manifest };
        }
    }

    /// <summary>Reads the migrations folder of a plugin whose manifest has no error; returns the findings of both.</summary>
    public IReadOnlyList<Finding> LoadMigrations(string displayBase)
    {
        var findings = new List<Finding>(Load?.Findings ?? []);
        if (Manifest?.MigrationsPath is { } migrations && !HasError(findings) && Directory.Exists(migrations))
        {
            Migrations = MigrationFolder.Load(migrations, Manifest.Database.Provider, Id, displayBase);
            findings.AddRange(Migrations.Findings);
        }
        return findings;
    }

    /// <summary>
    /// Migrates the plugin's datasource: its own entry point where it has one, else a replay of its
    /// migrations, reading the schema back with <paramref name="readBack"/>.
    /// </summary>
    /// <param name="baseState">Where the base of a PostgreSQL rehearsal is kept between checks (null: not kept).</param>
    public async Task MigrateAsync(PluginOutput output, bool readBack, BaseStateStore? baseState, TimeSpan entryPointTimeout, CancellationToken cancellationToken)
    {
        var manifest = Manifest!;
        if (manifest.EntryPointPath is not null)
        {
            var run = await new EntryPointRunner().RunAsync(manifest, Datasource!.Descriptor.Url, entryPointTimeout, output.DisplayBase, cancellationToken);
            output.Add(run.Findings);
            output.Audit(Id, run.Successful ? AuditEvents.Migrated : AuditEvents.Failed, run.Successful ? AuditEvents.Succeeded : AuditEvents.Refused,
                $"entry point {DisplayPath.Of(manifest.EntryPointPath, output.DisplayBase)} exited {run.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "(timed out)"} after {run.Duration.TotalSeconds:0.0} s");
            return;
        }
        if (Migrations is not { } folder)
        {
            return;
        }
        DatasourceMigration? migrated = null;
        IReadOnlyList<string> gaps = [];
        var rehearsed = new List<Finding>();
        if (Rehearses && Datasource is PostgresSchemaDatasource pair)
        {
            var rehearsal = await pair.RehearseAsync(folder.Migrations, NewMigrations!, output.DisplayBase, readBack, baseState, cancellationToken);
            if (rehearsal.BaseRestored)
            {
                output.Log($"{Id}: the base's {folder.Migrations.Count - NewMigrations!.Count} migrations restored from the history cache ({baseState!.Key[..12]}), not replayed.");
            }
            if (rehearsal.Result is { } seen)
            {
                rehearsed.AddRange(RehearsalFindings.Create(seen.Observations, rehearsal.BaseTables, NewMigrations!, Id, output.DisplayBase));
                Rehearsal = seen.Observations;
            }
            migrated = rehearsal.Replay;
            gaps = rehearsal.Result?.Gaps ?? [NotRehearsed];
        }
        else if (Rehearses && manifest.Database.Mode == DatabaseMode.ExclusiveSqlite)
        {
            var rehearsal = await SqliteRehearsal.RunAsync(folder.Migrations, NewMigrations!, Id, output.DisplayBase, cancellationToken);
            rehearsed.AddRange(rehearsal.Findings);
            gaps = rehearsal.MergedApplied ? rehearsal.Gaps : [NotRehearsed];
        }
        output.Add(gaps.Select(gap => FindingCodes.RehearsalIncomplete.Create(gap, Id, DisplayPath.Of(folder.DirectoryPath, output.DisplayBase))));
        var (result, schema) = migrated ?? await Datasource!.MigrateAsync(folder.Migrations, output.DisplayBase, readBack, cancellationToken);
        ExpectedSchema = schema;
        MigrationResult = result;
        // A migration that also fails on the empty database is the replay's SDB201, not a failure "only
        // because rows exist": the rehearsal's claim for it is dropped.
        var failedFile = result.Failed is { } failed ? folder.Migrations.FirstOrDefault(m => m.Name == failed) is { } m ? DisplayPath.Of(m.ScriptPath, output.DisplayBase) : null : null;
        output.Add(rehearsed.Where(f => f.Code != FindingCodes.FailsOnData.Code || f.File != failedFile));
        output.Add(result.Findings);
        output.Audit(Id, result.Successful ? AuditEvents.Migrated : AuditEvents.Failed, result.Successful ? AuditEvents.Succeeded : AuditEvents.Refused,
            $"{result.Applied.Count} applied, {result.AlreadyApplied.Count} already applied. {result.DatabaseState}");
    }

    private const string NotRehearsed = "The new migrations were not rehearsed: the merged ones do not apply (the replay's findings say why).";

    /// <summary>Measures the datasource (a schema left empty for a shared replay takes that replay's size) against <c>limits.storageMb</c>.</summary>
    public async Task<Finding?> MeasureAsync(string displayBase, CancellationToken cancellationToken)
    {
        SizeBytes = SharesReplayOf is { } leader ? leader.SizeBytes : await Datasource!.SizeAsync(cancellationToken);
        return SizeBytes is { } size && Manifest is { } manifest
            ? StorageLimit.Check(size, manifest.Database.Limits.StorageMb, Id, DisplayPath.Of(manifest.ManifestPath, displayBase), Load?.PositionOf("/sovereign/database/limits/storageMb"))
            : null;
    }
}
