using PluginDb.Core.Findings;
using PluginDb.Core.Migrations;

namespace PluginDb.Core.Tests.Migrations;

/// <summary>The advice of a failed migration fits where it failed: a throwaway replay has nothing to resolve, a persistent database has the failed row.</summary>
public sealed class MigrationPlanTests
{
    private static readonly LocalMigration Broken = new("20240105000000_fail", "/p/migrations/20240105000000_fail", "/p/migrations/20240105000000_fail/migration.sql", "CREAT TABLE x;\n");

    private static string Advice(bool throwaway) =>
        Assert.Single((MigrationPlan.Create([Broken], []) with { Throwaway = throwaway })
            .Failed(Broken, [], "syntax error", new SourcePosition(1, 1), "", "nothing applied", "p", "/p").Findings).Message;

    [Fact]
    public void In_a_throwaway_replay_the_fix_is_the_file_alone()
    {
        var advice = Advice(throwaway: true);

        Assert.Contains("Fix the migration.sql", advice, StringComparison.Ordinal);
        Assert.DoesNotContain("prisma migrate resolve", advice, StringComparison.Ordinal);
    }

    [Fact]
    public void On_a_persistent_database_the_failed_row_is_resolved_after_the_fix()
    {
        Assert.Contains("prisma migrate resolve --rolled-back 20240105000000_fail", Advice(throwaway: false), StringComparison.Ordinal);
    }
}
