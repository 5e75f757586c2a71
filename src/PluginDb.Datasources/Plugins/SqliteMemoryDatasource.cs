using Microsoft.Data.Sqlite;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// A throwaway SQLite database in memory, as Prisma's shadow database is, for a run that needs only
/// the schema a history produces: it lives as long as this object.
/// </summary>
public sealed class SqliteMemoryDatasource : PluginDatasource
{
    private readonly SqliteConnection _connection;

    private SqliteMemoryDatasource(PluginDatasourceDescriptor descriptor, SqliteConnection connection)
        : base(descriptor, throwaway: true, "memory") => _connection = connection;

    public static async Task<SqliteMemoryDatasource> OpenAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        var (connection, descriptor) = await SqliteFileProvider.OpenInMemoryAsync(manifest, cancellationToken).ConfigureAwait(false);
        return new SqliteMemoryDatasource(descriptor, connection);
    }

    public override async Task<DatasourceMigration> MigrateAsync(IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, CancellationToken cancellationToken)
    {
        var result = await new SqliteMigrationRunner { Throwaway = Throwaway }.RunAsync(_connection, migrations, PluginId, displayBase, cancellationToken).ConfigureAwait(false);
        var schema = readBack && result is { Successful: true, Findings.Count: 0 } ? (await ReadDatabaseAsync(cancellationToken).ConfigureAwait(false))?.Schema : null;
        return new DatasourceMigration(result, schema);
    }

    protected override async Task<LiveDatabase?> ReadDatabaseAsync(CancellationToken cancellationToken) =>
        await SqliteLiveReader.ReadAsync(_connection, cancellationToken).ConfigureAwait(false);

    public override Task<long?> SizeAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public override async ValueTask DisposeAsync()
    {
        await _connection.DisposeAsync().ConfigureAwait(false);
        await base.DisposeAsync().ConfigureAwait(false);
    }
}
