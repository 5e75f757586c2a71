using PluginDb.Core.Datasources;
using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;

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

    public string Id => Manifest?.Id ?? Path.GetFileName(RootDirectory);

    public bool IsExclusive => Manifest?.Database.Mode is DatabaseMode.ExclusiveSqlite or DatabaseMode.ExclusivePostgres;

    /// <summary>Whether the stages after validation act on this plugin.</summary>
    public bool Proceeds => !Blocked && Manifest is not null && IsExclusive;

    public static bool HasError(IEnumerable<Finding> findings) => findings.Any(f => f.Severity == Severity.Error);
}
