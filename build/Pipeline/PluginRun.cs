using Microsoft.Data.Sqlite;
using PluginDb.Core.Datasources;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Build.Pipeline;

/// <summary>
/// One plugin's way through a run. The stages fill it in turn; a plugin whose manifest or
/// migrations folder has an error goes no further than validation.
/// </summary>
internal sealed class PluginRun(string rootDirectory)
{
    public string RootDirectory { get; } = rootDirectory;

    public PluginManifest? Manifest { get; set; }

    /// <summary>Positions of the manifest's values, for findings about them.</summary>
    public ManifestLoadResult? Load { get; set; }

    public MigrationFolderResult? Migrations { get; set; }

    /// <summary>Set by validation when an error stops the plugin from going further.</summary>
    public bool Blocked { get; set; }

    public PluginDatasourceDescriptor? Descriptor { get; set; }

    /// <summary>The SQLite file of an exclusive-sqlite plugin.</summary>
    public string? DatabasePath { get; set; }

    /// <summary>Which server served the datasource (<c>file</c> for SQLite).</summary>
    public string? ServerSource { get; set; }

    /// <summary>The schema/role pair of an exclusive-postgres plugin.</summary>
    public Datasources.Postgres.PostgresDatasource? PostgresDatasource { get; set; }

    /// <summary>How migrations connect to an exclusive-postgres datasource: as the plugin's own role, or the project's owner.</summary>
    public string? PostgresConnectionString { get; set; }

    public MigrationRunResult? MigrationResult { get; set; }

    public long? SizeBytes { get; set; }

    /// <summary>The content address of the plugin's migration history (<see cref="HistoryKey"/>), when it can be cached.</summary>
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
    /// The schema the plugin's migrations produce: read back from its throwaway datasource after the
    /// replay, or taken from the history cache or from another plugin of the run with the same files.
    /// </summary>
    public DatabaseSchema? Shadow { get; set; }

    /// <summary>An earlier plugin of the run whose replay of the same history this one waits for instead of replaying it.</summary>
    public PluginRun? SameHistoryAs { get; set; }

    /// <summary>The plugin whose replay into its PostgreSQL schema stands for this one's, whose own schema was left empty; Doctor takes that one's size.</summary>
    public PluginRun? ReplayedAs { get; set; }

    /// <summary>The open connection of an in-memory SQLite shadow; closed when the run ends.</summary>
    public SqliteConnection? ShadowConnection { get; set; }

    /// <summary>schema.prisma, read and mapped while the migrations replay; null inside when the plugin has none.</summary>
    public Task<PreparedPrismaSchema?>? PrismaSchema { get; set; }

    /// <summary>Whether the drift checks have an expected side: a migrated datasource or a known shadow schema.</summary>
    public bool HasShadow => Descriptor is not null || Shadow is not null;

    public string Id => Manifest?.Id ?? Path.GetFileName(RootDirectory);

    public bool IsExclusive => Manifest?.Database.Mode is DatabaseMode.ExclusiveSqlite or DatabaseMode.ExclusivePostgres;

    /// <summary>Whether the stages after validation act on this plugin.</summary>
    public bool Proceeds => !Blocked && Manifest is not null && IsExclusive;

    public static bool HasError(IEnumerable<Finding> findings) => findings.Any(f => f.Severity == Severity.Error);
}
