using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

/// <summary>One local server shared by the tests that only need a server to talk to (the URL source's tests).</summary>
public sealed class LocalPostgresFixture : IAsyncLifetime
{
    private PostgresServer? _server;

    public PostgresServer Server => _server ?? throw new InvalidOperationException("The fixture has not started.");

    public async Task InitializeAsync() => _server = await new LocalPostgresSource().StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class LocalPostgresCollection : ICollectionFixture<LocalPostgresFixture>
{
    public const string Name = "local postgres server";
}
