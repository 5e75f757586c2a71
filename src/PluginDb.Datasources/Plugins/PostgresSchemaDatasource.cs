using Npgsql;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// An exclusive-postgres plugin's schema/role pair (<see cref="PostgresDatasource"/>), migrated as the
/// plugin's own role with its schema, then its extensions' schemas, on the search path. A history that
/// needs more than that role may do (another schema, an extension it did not ask for) is told before any
/// statement runs, and not replayed (<see cref="MigrationReach"/>).
/// </summary>
public sealed class PostgresSchemaDatasource : PluginDatasource
{
    private readonly NpgsqlDataSource _admin;

    /// <param name="admin">Connections that may read the size of any schema of the database.</param>
    public PostgresSchemaDatasource(PostgresDatasource pair, NpgsqlDataSource admin, bool throwaway, string source)
        : base(pair?.Descriptor!, throwaway, source)
    {
        Pair = pair!;
        _admin = admin ?? throw new ArgumentNullException(nameof(admin));
    }

    public PostgresDatasource Pair { get; }

    public string ConnectionString => PostgresDatasourceUrl.Parse(Descriptor.Url).ConnectionString;

    /// <summary>Whether each pair among <paramref name="datasources"/> is walled off from the others (<see cref="IsolationProbe"/>).</summary>
    public static async Task<IReadOnlyList<Core.Findings.Finding>> ProbeIsolationAsync(IEnumerable<PluginDatasource?> datasources, CancellationToken cancellationToken)
    {
        var pairs = datasources.OfType<PostgresSchemaDatasource>().Select(d => d.Pair).ToList();
        return pairs.Count == 0 ? [] : await IsolationProbe.RunAsync(pairs, cancellationToken).ConfigureAwait(false);
    }

    public override async Task<DatasourceMigration> MigrateAsync(IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, CancellationToken cancellationToken) =>
        (await MigrateAsync(migrations, displayBase, readBack, restore: null, cancellationToken).ConfigureAwait(false)).Migration;

    /// <summary>As <see cref="MigrateAsync(IReadOnlyList{LocalMigration}, string, bool, CancellationToken)"/>, first running <paramref name="restore"/> (a kept base's script) where there is one.</summary>
    private async Task<(DatasourceMigration Migration, bool Restored)> MigrateAsync(
        IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, string? restore, CancellationToken cancellationToken)
    {
        var manifest = Descriptor.Manifest;
        var reach = MigrationReach.Check(migrations, Pair.Schema, manifest.Database.Extensions, PluginId, displayBase);
        if (reach.Count > 0)
        {
            return (new DatasourceMigration(new MigrationOutcome([], [], null, $"{reach.Count} of its statements need more than the plugin's role may do", reach,
                "Not replayed: the history needs more than the plugin's role may do; its schema is as provisioned."), null), false);
        }
        var runner = new PostgresMigrationRunner { Throwaway = Throwaway, ExtensionSchemas = Pair.ExtensionSchemas, Restore = restore };
        var (result, schema) = await runner.RunAsync(ConnectionString, Pair.Schema, migrations, PluginId, displayBase, readBack, cancellationToken).ConfigureAwait(false);
        return (new DatasourceMigration(result, schema), runner.Restored);
    }

    /// <summary>
    /// Rehearses <paramref name="added"/>, a pull request's new migrations, over rows, and replays the
    /// history: a single new migration inside the replay, paused before it (<see cref="PostgresRehearsal"/>);
    /// several after a replay of the rest of <paramref name="migrations"/> (the base's end state), which
    /// the rehearsal empties again; the history's replay then starts from the base's script where there
    /// is one, else is left to <see cref="MigrateAsync(IReadOnlyList{LocalMigration}, string, bool, CancellationToken)"/>.
    /// </summary>
    /// <param name="baseState">Where the base's end state is kept between checks, or null without a cache: the rehearsal
    /// restores it from there instead of replaying the base, or keeps it there after the replay.</param>
    public async Task<PostgresRehearsalOutcome> RehearseAsync(
        IReadOnlyList<LocalMigration> migrations, IReadOnlyList<LocalMigration> added, string displayBase, bool readBack, BaseStateStore? baseState,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(migrations);
        ArgumentNullException.ThrowIfNull(added);
        if (added.Count == 1 && MigrationReach.Check(migrations, Pair.Schema, Descriptor.Manifest.Database.Extensions, PluginId, displayBase).Count == 0)
        {
            return await RehearseInsideAsync(migrations, added[0], displayBase, readBack, baseState, cancellationToken).ConfigureAwait(false);
        }
        var newNames = added.Select(m => m.Name).ToHashSet(StringComparer.Ordinal);
        var kept = baseState?.Read();
        var (merged, restored) = await MigrateAsync([.. migrations.Where(m => !newNames.Contains(m.Name))], displayBase, readBack: kept is null, kept?.Script, cancellationToken).ConfigureAwait(false);
        // A kept base's model is the merged part's, restored or (where its script failed here) replayed.
        if (!merged.Result.Successful || (merged.Schema ?? kept?.Schema) is not { } schema)
        {
            // The merged part failed or was refused: that is the history's replay too (it would stop at
            // the same migration), and replaying again would meet the failed row this one recorded.
            return new PostgresRehearsalOutcome(null, new HashSet<string>(), merged with { Schema = null });
        }
        var script = restored ? kept!.Value.Script : null;
        var keeping = Task.CompletedTask;
        var tables = schema.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        RehearsalResult rehearsal;
        try
        {
            var session = await SimpleQueryConnection.OpenAsync(ConnectionString,
                [("search_path", PostgresMigrationRunner.SearchPath(Pair.Schema, Pair.ExtensionSchemas))], cancellationToken).ConfigureAwait(false);
            await using (session.ConfigureAwait(false))
            {
                if (script is null && baseState is not null)
                {
                    (script, keeping) = await KeepAsync(baseState, session, schema, cancellationToken).ConfigureAwait(false);
                }
                rehearsal = await PostgresRehearsal.RunAsync(session, Pair.Schema, schema, added, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (PostgresProtocolException exception)
        {
            // The rehearsal is an extra look, not the replay: what stopped it is said, and the replay
            // that follows reports on the history as without a base.
            rehearsal = new RehearsalResult([], [Stopped(exception)]);
        }
        await keeping.ConfigureAwait(false);
        // The rehearsal left the schema empty: with the base's script, the history's replay starts from
        // the base and applies the new migrations; without, it replays all (MigrateAsync, by the caller).
        var replay = script is null ? null : (await MigrateAsync(migrations, displayBase, readBack, script, cancellationToken).ConfigureAwait(false)).Migration;
        return new PostgresRehearsalOutcome(rehearsal, tables, replay) { BaseRestored = restored };
    }

    /// <summary>
    /// The usual pull request, one new migration: the history replays as without a base, and where it
    /// reaches the new migration it pauses; the base's schema is read on the replay's sessions and the
    /// migration rehearsed over rows in a transaction rolled back, then the replay applies it. With the
    /// base's state kept from an earlier check, the replay starts from it (<see cref="PostgresBaseState"/>)
    /// and has only the new migration to apply; without, the state is kept for the next check.
    /// </summary>
    private async Task<PostgresRehearsalOutcome> RehearseInsideAsync(
        IReadOnlyList<LocalMigration> migrations, LocalMigration added, string displayBase, bool readBack, BaseStateStore? baseState, CancellationToken cancellationToken)
    {
        RehearsalResult? seen = null;
        IReadOnlySet<string> tables = new HashSet<string>();
        var kept = baseState?.Read();
        var keeping = Task.CompletedTask;
        var runner = new PostgresMigrationRunner
        {
            Throwaway = Throwaway,
            ExtensionSchemas = Pair.ExtensionSchemas,
            Restore = kept?.Script,
            PauseBefore = added.Name,
            Pause = async (bookkeeping, scripts, token) =>
            {
                try
                {
                    var schema = kept?.Schema ?? await Schemas.PostgresIntrospector.ReadAsync(bookkeeping, scripts, Pair.Schema, token).ConfigureAwait(false);
                    // The base's state is read on the bookkeeping session while the rows go in on the other.
                    var reading = kept is null && baseState is not null ? KeepAsync(baseState, bookkeeping, schema, token) : Task.FromResult<(string? Script, Task Writing)>((null, Task.CompletedTask));
                    tables = schema.Tables.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
                    try
                    {
                        seen = await PostgresRehearsal.RunAsync(scripts, Pair.Schema, schema, added, reading, token).ConfigureAwait(false);
                    }
                    finally
                    {
                        // The replay goes on on the bookkeeping session only once the read on it is done.
                        keeping = (await reading.ConfigureAwait(false)).Writing;
                    }
                }
                catch (PostgresProtocolException exception)
                {
                    seen = new RehearsalResult([], [Stopped(exception)]);
                }
            },
        };
        var (result, replayed) = await runner.RunAsync(ConnectionString, Pair.Schema, migrations, PluginId, displayBase, readBack, cancellationToken).ConfigureAwait(false);
        await keeping.ConfigureAwait(false);
        return new PostgresRehearsalOutcome(seen, tables, new DatasourceMigration(result, replayed)) { BaseRestored = runner.Restored };
    }

    /// <summary>
    /// Reads the base's state (<see cref="PostgresBaseState"/>) and keeps it for the next check, writing
    /// the files while the rehearsal goes on; a state that cannot be read or written is only not kept.
    /// </summary>
    private async Task<(string? Script, Task Writing)> KeepAsync(BaseStateStore baseState, SimpleQueryConnection session, Core.Schemas.DatabaseSchema schema, CancellationToken cancellationToken)
    {
        string? script;
        try
        {
            script = await PostgresBaseState.DumpAsync(session, Pair.Schema, cancellationToken).ConfigureAwait(false);
        }
        catch (PostgresProtocolException) when (!cancellationToken.IsCancellationRequested)
        {
            return (null, Task.CompletedTask);
        }
        return (script, script is null ? Task.CompletedTask : Task.Run(() =>
        {
            try
            {
                baseState.Write(schema, script, DateTimeOffset.UtcNow);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // The next check replays the base again.
            }
        }, CancellationToken.None));
    }

    private static string Stopped(PostgresProtocolException exception) => $"The rehearsal stopped: {exception.Message}";

    protected override Task<LiveDatabase?> ReadDatabaseAsync(CancellationToken cancellationToken) =>
        PostgresLiveReader.ReadAsync(ConnectionString, Pair.Schema, cancellationToken);

    public override async Task<long?> SizeAsync(CancellationToken cancellationToken) =>
        await PostgresSize.SchemaBytesAsync(_admin, Pair.Schema, cancellationToken).ConfigureAwait(false);
}

/// <summary>
/// A rehearsal of new migrations: what it saw on the base's tables (null where it did not happen: the
/// merged migrations did not apply), and the replay already made where it made one (<see cref="Replay"/>):
/// the history's, or the merged part's that failed, which stands for the history's.
/// </summary>
public sealed record PostgresRehearsalOutcome(RehearsalResult? Result, IReadOnlySet<string> BaseTables, DatasourceMigration? Replay)
{
    /// <summary>Whether the base's state was restored from an earlier check's instead of replayed.</summary>
    public bool BaseRestored { get; init; }
}
