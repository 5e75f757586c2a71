using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;

namespace PluginDb.Core.Tests.Migrations;

/// <summary>The replay plan: from the cache, replays, or follows another plugin's replay of the same files, and why.</summary>
public sealed class ReplayPlanTests
{
    private static readonly LocalMigration Init = new("20240101000000_init", "/m/init", "/m/init/migration.sql", "CREATE TABLE \"A\" (\"id\" INTEGER);\n", "x");

    private static readonly HistoryCacheEntry Entry = new(HistoryKey.Format, "k", new("postgresql", "PostgreSQL 15.18", 1, Init.Name), DateTimeOffset.UnixEpoch, "sha", DatabaseSchema.Empty);

    private static ReplayCandidate Postgres(string id, string key = "k", int? connections = 5, HistoryCacheEntry? cached = null, LocalMigration? migration = null) =>
        new(id, DatabaseMode.ExclusivePostgres, key, id, null, connections, [migration ?? Init], cached);

    private static ReplayCandidate Sqlite(string id, string key = "s") => new(id, DatabaseMode.ExclusiveSqlite, key, null, null, null, [Init], null);

    private static string[] Show(IReadOnlyList<PlannedReplay> plan) =>
        [.. plan.Select(p => $"{p.PluginId} {p.Decision}{(p.Leader is { } l ? " " + l : "")}{(p.Note is { } n ? ": " + n : "")}")];

    [Fact]
    public void A_run_that_needs_only_schemas_takes_cached_histories_and_follows_the_first_replay_of_the_rest()
    {
        var plan = ReplayPlan.Plan([Postgres("a", cached: Entry), Postgres("b", key: "other"), Postgres("c", key: "other", connections: 9), Sqlite("d"), Sqlite("e")],
            schemasOnly: true, keep: false);

        Assert.Equal(["a FromCache", "b Replays", "c FollowsReplayOf b", "d Replays", "e FollowsReplayOf d"], Show(plan));
        Assert.Same(Entry, plan[0].Cached);
    }

    [Fact]
    public void A_run_that_needs_datasources_shares_a_postgresql_replay_only_where_the_roles_are_alike_and_the_files_name_neither()
    {
        var naming = Init with { Script = "CREATE TABLE \"bravo\".\"A\" (\"id\" INTEGER);\n" };

        var plan = ReplayPlan.Plan(
            [Postgres("alpha", cached: Entry), Postgres("beta"), Postgres("gamma", connections: 9), Postgres("xray", key: "n", migration: naming), Postgres("bravo", key: "n", migration: naming)],
            schemasOnly: false, keep: false);

        Assert.Equal(
            [
                "alpha Replays", "beta FollowsReplayOf alpha", "gamma Replays: replays its migrations itself although alpha has the same files: their connection limits differ",
                "xray Replays", "bravo Replays: replays its migrations itself although xray has the same files: they name 'bravo', a schema or role that differs between the two",
            ],
            Show(plan));
    }

    [Fact]
    public void Under_keep_every_postgresql_datasource_is_migrated_and_sqlite_files_are_still_copied()
    {
        var plan = ReplayPlan.Plan([Postgres("a"), Postgres("b"), Sqlite("d"), Sqlite("e")], schemasOnly: false, keep: true);

        Assert.Equal(["a Replays", "b Replays", "d Replays", "e FollowsReplayOf d"], Show(plan));
    }

    [Theory]
    [InlineData(DatabaseMode.ExclusivePostgres, true, true, false, true, FollowerAction.TakeSchema)]
    [InlineData(DatabaseMode.ExclusiveSqlite, true, false, true, false, FollowerAction.TakeFailure)]
    [InlineData(DatabaseMode.ExclusiveSqlite, true, false, false, false, FollowerAction.ReplayItself)]
    [InlineData(DatabaseMode.ExclusiveSqlite, false, true, false, false, FollowerAction.CopySqliteFile)]
    [InlineData(DatabaseMode.ExclusivePostgres, false, true, false, true, FollowerAction.ShareReplay)]
    [InlineData(DatabaseMode.ExclusivePostgres, false, true, false, false, FollowerAction.ReplayItself)]
    [InlineData(DatabaseMode.ExclusivePostgres, false, false, true, false, FollowerAction.ReplayItself)]
    public void A_follower_takes_what_its_leaders_replay_can_give_it(DatabaseMode mode, bool schemasOnly, bool clean, bool failedOnFiles, bool readBack, FollowerAction expected) =>
        Assert.Equal(expected, ReplayPlan.Follow(mode, schemasOnly, clean, failedOnFiles, readBack));
}
