using PluginDb.Core.Findings;
using PluginDb.Core.Reports;

namespace PluginDb.Reporting.Tests;

/// <summary>Reports the renderer tests share: two plugins, findings of every severity, and the empty run.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Started = new(2025, 3, 14, 9, 26, 53, TimeSpan.Zero);
    public static readonly DateTimeOffset Finished = new(2025, 3, 14, 9, 27, 5, 500, TimeSpan.Zero);

    public static PluginReport Papertrail { get; } = new(
        "papertrail",
        "exclusive-postgres",
        "postgresql",
        new DatasourceReport("postgresql://papertrail:****@127.0.0.1:5432/plugins?schema=papertrail", "postgresql", "vault:plugins/papertrail"),
        new MigrationCounts(3, 1),
        1_572_864,
        StorageLimitMb: 1024,
        ServerSource: "local");

    public static PluginReport Notes { get; } = new(
        "notes",
        "shared",
        null,
        null,
        MigrationCounts.None,
        null);

    public static Finding MigrationFailed { get; } = FindingCodes.MigrationFailed.Create(
        "syntax error at or near \"CREAT\"",
        plugin: "papertrail",
        file: "examples/plugins/papertrail/migrations/20250101_init/migration.sql",
        line: 3,
        column: 1);

    public static Finding LockFileMissing { get; } = FindingCodes.LockFileMissing.Create(
        "examples/plugins/papertrail/migrations has no migration_lock.toml.",
        plugin: "papertrail",
        file: "examples/plugins/papertrail/migrations");

    public static Finding Unreachable { get; } = FindingCodes.DatasourceUnreachable.Create(
        Severity.Notice,
        "The shared datasource is not checked in this run.",
        plugin: "notes");

    public static Finding DuplicateId { get; } = FindingCodes.DuplicatePluginId.Create(
        "Two plugins declare the id papertrail.",
        file: "examples/plugins/copy/plugin.json",
        line: 2,
        column: 9);

    /// <summary>A failing run; findings deliberately not in severity order, as stages report them.</summary>
    public static RunReport Failing { get; } = new(
        "plugindb",
        "0.1.0",
        Started,
        Finished,
        [Papertrail, Notes],
        [LockFileMissing, Unreachable, MigrationFailed, DuplicateId]);

    public static RunReport Empty { get; } = new("plugindb", "0.1.0", Started, Finished, [], []);

    public static Finding Numbered(Severity severity, int number) => new(
        $"SDB{number:000}", severity, "papertrail", $"f{number}.sql", number, null, null, "Title", $"message {number}", null);
}
