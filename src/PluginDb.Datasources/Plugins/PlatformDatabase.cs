using Npgsql;
using PluginDb.Core.Datasources;
using PluginDb.Core.Manifests;
using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Plugins;

/// <summary>
/// The platform's own database (<c>--postgres-url</c> of the persistent targets), where exclusive-postgres
/// plugins' schema/role pairs live for good, their passwords kept in the data root's secret store: as the
/// platform's <c>plugins db ensure</c>, <c>plugins db info</c>, <c>plugin db migrate</c>, rotation and
/// teardown act on it. A datasource got here is not throwaway: its migrations commit as the server would
/// have any commit. A failure of the server is a <see cref="PostgresServerException"/>; a manifest the
/// platform cannot serve (an extension it does not offer) an <see cref="InvalidOperationException"/>.
/// </summary>
public sealed class PlatformDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource _admin;
    private readonly PostgresRoleProvider _provider;
    private readonly FileSecretStore _secrets;

    private PlatformDatabase(NpgsqlDataSource admin, PostgresRoleProvider provider, FileSecretStore secrets, string? password)
    {
        _admin = admin;
        _provider = provider;
        _secrets = secrets;
        Password = password;
    }

    /// <summary>The admin account's password, for the caller to keep out of logs.</summary>
    public string? Password { get; }

    /// <exception cref="ArgumentException">The URL does not parse.</exception>
    public static PlatformDatabase Open(string url, string dataRoot, IReadOnlySet<string> allowedExtensions)
    {
        var settings = PostgresConnectionStrings.Parse(url);
        var admin = NpgsqlDataSource.Create(settings.ConnectionString);
        var secrets = new FileSecretStore(dataRoot);
        return new PlatformDatabase(admin, new PostgresRoleProvider(admin, PostgresEndpoint.FromConnectionString(settings.ConnectionString), secrets,
            allowedExtensions: allowedExtensions), secrets, settings.Password);
    }

    /// <summary>The plugin's pair, made or reused with its grants and limits asserted again.</summary>
    public Task<PostgresSchemaDatasource> EnsureAsync(PluginManifest manifest, CancellationToken cancellationToken) =>
        Guard(async () => new PostgresSchemaDatasource(await _provider.EnsureAsync(manifest, cancellationToken).ConfigureAwait(false), _admin, throwaway: false, PostgresSources.Url));

    /// <summary>The plugin's descriptor as its stored secret says, or null when it was never provisioned here.</summary>
    public async Task<PluginDatasourceDescriptor?> DescribeAsync(PluginManifest manifest, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (await _secrets.ReadAsync(manifest.Id, cancellationToken).ConfigureAwait(false) is not { } secret)
        {
            return null;
        }
        var url = new PostgresDatasourceUrl(new PostgresEndpoint(secret.Host, secret.Port, secret.Database), secret.Role, secret.Password, manifest.Database.Schema!);
        return new PluginDatasourceDescriptor(manifest.Id, url.ToString(), DatabaseProvider.Postgresql, manifest, _secrets.RefFor(manifest.Id));
    }

    public Task<PostgresRotation> RotateAsync(PluginManifest manifest, CancellationToken cancellationToken) =>
        Guard(() => _provider.RotateAsync(manifest, cancellationToken));

    public Task<PostgresTeardown> TeardownAsync(PluginManifest manifest, CancellationToken cancellationToken) =>
        Guard(() => _provider.TeardownAsync(manifest, cancellationToken));

    public ValueTask DisposeAsync() => _admin.DisposeAsync();

    private static async Task<T> Guard<T>(Func<Task<T>> work)
    {
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (NpgsqlException exception)
        {
            throw new PostgresServerException($"The database of --postgres-url could not be used: {exception.Message}", exception);
        }
    }
}
