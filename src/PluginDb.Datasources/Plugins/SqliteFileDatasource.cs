using PluginDb.Core.Datasources;
using PluginDb.Core.Migrations;
using PluginDb.Datasources.Live;
using PluginDb.Datasources.Sqlite;

namespace PluginDb.Datasources.Plugins;

/// <summary>An exclusive-sqlite plugin's database file, <c>&lt;data root&gt;/plugins/&lt;id&gt;.db</c>.</summary>
public sealed class SqliteFileDatasource : PluginDatasource
{
    public SqliteFileDatasource(PluginDatasourceDescriptor descriptor, string path, bool throwaway)
        : base(descriptor, throwaway, "file") =>
        Path = path ?? throw new ArgumentNullException(nameof(path));

    public string Path { get; }

    public override async Task<DatasourceMigration> MigrateAsync(IReadOnlyList<LocalMigration> migrations, string displayBase, bool readBack, CancellationToken cancellationToken)
    {
        var result = await new SqliteMigrationRunner { Throwaway = Throwaway }.RunAsync(Path, migrations, PluginId, displayBase, cancellationToken).ConfigureAwait(false);
        var schema = readBack && result is { Successful: true, Findings.Count: 0 } ? (await ReadDatabaseAsync(cancellationToken).ConfigureAwait(false))?.Schema : null;
        return new DatasourceMigration(result, schema);
    }

    protected override Task<LiveDatabase?> ReadDatabaseAsync(CancellationToken cancellationToken) => SqliteLiveReader.ReadAsync(Path, cancellationToken);

    public override Task<long?> SizeAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(SqliteFileProvider.SizeBytes(Path));

    /// <summary>Becomes a copy of another plugin's database of the same history, instead of replaying it again.</summary>
    public void CopyFrom(SqliteFileDatasource other)
    {
        ArgumentNullException.ThrowIfNull(other);
        File.Copy(other.Path, Path, overwrite: true);
    }
}
