using PluginDb.Core.Datasources;
using PluginDb.Core.Migrations;
using PluginDb.Core.Schemas;
using PluginDb.Datasources.Live;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// One plugin's datasource, for a run or for good: what the platform hands the plugin
/// (<see cref="Descriptor"/>), and what can be done with it — migrate it, read what it holds, measure it.
/// Whether it is <see cref="Throwaway"/> is its own property, set by whoever made it, not a flag of the
/// caller: a throwaway one may trade durability for speed and is removed at the end, a persistent one is
/// migrated as production expects. Disposing releases what the datasource holds open (an in-memory
/// database is gone with it); what lives on a server or in a folder goes with that.
/// </summary>
public abstract class PluginDatasource : IAsyncDisposable
{
    protected PluginDatasource(PluginDatasourceDescriptor descriptor, bool throwaway, string source)
    {
        Descriptor = descriptor ?? throw new ArgumentNullException(nameof(descriptor));
        Throwaway = throwaway;
        Source = source ?? throw new ArgumentNullException(nameof(source));
    }

    public PluginDatasourceDescriptor Descriptor { get; }

    public string PluginId => Descriptor.PluginId;

    public bool Throwaway { get; }

    /// <summary>Where it lives, as reports say: <c>file</c>, <c>memory</c>, or the PostgreSQL source (<c>testcontainers</c>, <c>local</c>, <c>url</c>).</summary>
    public string Source { get; }

    /// <summary>Whether it lives on a PostgreSQL server, and goes when that server goes.</summary>
    public bool OnServer => Descriptor.Provider == Core.Manifests.DatabaseProvider.Postgresql;

    /// <summary>
    /// Applies the pending migrations, as Prisma Migrate would. With <paramref name="readBack"/>, a run
    /// that applied every one without a finding also returns the schema they produced.
    /// </summary>
    public abstract Task<DatasourceMigration> MigrateAsync(IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, CancellationToken cancellationToken);

    /// <summary>What the datasource holds: its structure and its <c>_prisma_migrations</c>, or why it could not be read.</summary>
    public Task<LiveRead> ReadAsync(CancellationToken cancellationToken) => LiveSource.Guard(ReadDatabaseAsync, cancellationToken);

    /// <summary>Reads the datasource; a driver's exception is left to <see cref="ReadAsync"/>.</summary>
    protected abstract Task<LiveDatabase?> ReadDatabaseAsync(CancellationToken cancellationToken);

    /// <summary>The bytes it occupies, for <c>limits.storageMb</c>; null where that means nothing (in memory).</summary>
    public abstract Task<long?> SizeAsync(CancellationToken cancellationToken);

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }
}

/// <summary>What a migration of a datasource did, and the schema it left where it was asked to read it back.</summary>
public sealed record DatasourceMigration(MigrationOutcome Result, DatabaseSchema? Schema);
