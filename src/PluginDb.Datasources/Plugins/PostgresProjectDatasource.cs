using PluginDb.Core.Datasources;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// A bare project's database (<see cref="PostgresProjectDatabase"/>), migrated into schema <c>public</c>
/// as its owner, as the project's own deploy would; a throwaway one is dropped when disposed, a kept one
/// (<c>--keep</c>) stays with its server.
/// </summary>
public sealed class PostgresProjectDatasource : PluginDatasource
{
    private readonly PostgresProjectDatabase _database;

    public PostgresProjectDatasource(PluginDatasourceDescriptor descriptor, PostgresProjectDatabase database, bool throwaway, string source)
        : base(descriptor, throwaway, source) =>
        _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>The database and its owner, for the audit log.</summary>
    public string DatabaseDescription => $"database {_database.DatabaseName} owned by {_database.OwnerRole}";

    public override async Task<DatasourceMigration> MigrateAsync(IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, CancellationToken cancellationToken)
    {
        var (result, schema) = await new PostgresMigrationRunner { Throwaway = Throwaway }
            .RunAsync(_database.ConnectionString, PostgresProjectDatabase.Schema, migrations, PluginId, displayBase, readBack, cancellationToken).ConfigureAwait(false);
        return new DatasourceMigration(result, schema);
    }

    protected override Task<LiveDatabase?> ReadDatabaseAsync(CancellationToken cancellationToken) =>
        PostgresLiveReader.ReadAsync(_database.ConnectionString, PostgresProjectDatabase.Schema, cancellationToken);

    public override Task<long?> SizeAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public override async ValueTask DisposeAsync()
    {
        if (Throwaway)
        {
            try
            {
                await _database.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception) when (exception is PostgresProtocolException or IOException or System.Net.Sockets.SocketException)
            {
                // The server went away: its removal takes the database with it.
            }
        }
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
