using System.Security.Cryptography;
using PluginDb.Core.Migrations;

namespace PluginDb.Datasources.Tests.Support;

/// <summary>
/// The migration folders and the assertions on <c>_prisma_migrations</c> that every runner's tests share:
/// the rows and refusals are Prisma's whatever the provider.
/// </summary>
public static class PrismaHistory
{
    /// <summary>FACTS §4's failing migration: "A" exists, so the statement on line 6 fails.</summary>
    public const string FailingScript =
        "-- CreateTable\n" +
        "CREATE TABLE \"E\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n" +
        "INSERT INTO \"E\" (\"id\") VALUES (1);\n" +
        "\n" +
        "-- CreateTable\n" +
        "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n" +
        "CREATE TABLE \"F\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";

    public static void Add(string migrationsDirectory, string name, string sql)
    {
        Directory.CreateDirectory(Path.Combine(migrationsDirectory, name));
        File.WriteAllText(Path.Combine(migrationsDirectory, name, "migration.sql"), sql);
    }

    /// <summary>Two migrations that apply: 20240101000000_a (table "A"), 20240102000000_b (table "B" and an index).</summary>
    public static void AddHealthy(string migrationsDirectory)
    {
        Add(migrationsDirectory, "20240101000000_a", "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n");
        Add(migrationsDirectory, "20240102000000_b", "CREATE TABLE \"B\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\nCREATE INDEX \"B_id_idx\" ON \"B\"(\"id\");\n");
    }

    /// <summary>"A", then <see cref="FailingScript"/>, then "G" that is never reached.</summary>
    public static void AddFailing(string migrationsDirectory)
    {
        Add(migrationsDirectory, "20240101000000_a", "CREATE TABLE \"A\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n");
        Add(migrationsDirectory, "20240105000000_fail", FailingScript);
        Add(migrationsDirectory, "20240106000000_g", "CREATE TABLE \"G\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n");
    }

    /// <summary>What `prisma migrate resolve --rolled-back` leaves to do: the failing script fixed.</summary>
    public static void FixFailing(string migrationsDirectory) =>
        Add(migrationsDirectory, "20240105000000_fail", FailingScript.Replace("CREATE TABLE \"A\"", "CREATE TABLE \"A2\"", StringComparison.Ordinal));

    /// <summary>Rows of a normal apply: finished, no logs, not rolled back, one step, a fresh UUID v4 each.</summary>
    public static void AssertFinished(IReadOnlyList<AppliedMigration> rows)
    {
        Assert.All(rows, r =>
        {
            Assert.NotNull(r.FinishedAt);
            Assert.Null(r.Logs);
            Assert.Null(r.RolledBackAt);
            Assert.Equal(1, r.AppliedStepsCount);
            Assert.True(Guid.TryParse(r.Id, out var id) && id.Version == 4);
        });
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
    }

    /// <summary>The row Prisma leaves for a failed attempt: not finished, not rolled back, no step, the error in logs, the file's checksum.</summary>
    public static void AssertFailedRow(IReadOnlyList<AppliedMigration> rows, IReadOnlyList<LocalMigration> local, string error)
    {
        var failed = rows.Single(r => r.MigrationName == "20240105000000_fail");
        Assert.True(failed.IsFailed);
        Assert.Null(failed.FinishedAt);
        Assert.Null(failed.RolledBackAt);
        Assert.Equal(0, failed.AppliedStepsCount);
        Assert.Contains(error, failed.Logs, StringComparison.Ordinal);
        Assert.Contains("Migration name: 20240105000000_fail", failed.Logs, StringComparison.Ordinal);
        Assert.Equal(local.Single(m => m.Name == "20240105000000_fail").Checksum, failed.Checksum);
    }

    /// <summary>The P3009 refusal of a run after <see cref="AddFailing"/> failed.</summary>
    public static void AssertBlocked(MigrationOutcome blocked)
    {
        Assert.False(blocked.Successful);
        Assert.Empty(blocked.Applied);
        Assert.Null(blocked.Failed);
        var finding = Assert.Single(blocked.Findings);
        Assert.Equal("SDB202", finding.Code);
        Assert.Contains("`20240105000000_fail` migration started at", finding.Message, StringComparison.Ordinal);
        Assert.Equal("migrations/20240105000000_fail/migration.sql", finding.File);
    }

    /// <summary>After rolled_back_at was set and the script fixed: a new row beside the rolled-back one.</summary>
    public static void AssertResolved(MigrationOutcome resolved, IReadOnlyList<AppliedMigration> rows)
    {
        Assert.True(resolved.Successful);
        Assert.Equal(["20240105000000_fail", "20240106000000_g"], resolved.Applied);
        var attempts = rows.Where(r => r.MigrationName == "20240105000000_fail").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.NotEqual(attempts[0].Id, attempts[1].Id);
        Assert.Single(attempts, a => a.IsRolledBack);
        Assert.Single(attempts, a => a.IsApplied);
    }

    /// <summary>A corpus replay: every migration applied, one finished row each whose checksum is the file's SHA-256 (computed here, not by the runner).</summary>
    public static async Task AssertReplayedAsync(MigrationOutcome result, IReadOnlyList<LocalMigration> migrations, IReadOnlyList<AppliedMigration> rows)
    {
        Assert.True(result.Successful, string.Join("\n", result.Findings.Select(f => $"{f.File}:{f.Line}: {f.Message}")));
        Assert.Equal(migrations.Select(m => m.Name), result.Applied);
        Assert.Equal(migrations.Count, rows.Count);
        foreach (var migration in migrations)
        {
            var row = Assert.Single(rows, r => r.MigrationName == migration.Name);
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(await File.ReadAllBytesAsync(migration.ScriptPath))), row.Checksum);
            Assert.NotNull(row.FinishedAt);
            Assert.Equal(1, row.AppliedStepsCount);
        }
    }
}
