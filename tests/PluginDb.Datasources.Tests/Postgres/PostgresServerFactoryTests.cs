using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

[Collection(PostgresServerCollection.Name)]
[Trait("Category", PostgresServerCollection.Category)]
public sealed class PostgresServerFactoryTests(PostgresServerFixture fixture)
{
    private static readonly Uri NoEngine = new("unix:///nonexistent/plugindb/docker.sock");

    [Fact]
    public async Task Auto_takes_the_url_when_one_is_given()
    {
        var options = new PostgresServerOptions { Url = UrlPostgresSourceTests.AsUrl(fixture.AdminConnectionString), DockerEndpoint = NoEngine };

        await using var server = await PostgresServerFactory.StartAsync(PostgresSourceKind.Auto, options, CancellationToken.None);

        Assert.Equal(PostgresSources.Url, server.Source);
    }

    [Theory]
    [InlineData(PostgresSourceKind.Url, true)]
    [InlineData(PostgresSourceKind.Auto, true)]
    [InlineData(PostgresSourceKind.Local, false)]
    [InlineData(PostgresSourceKind.Testcontainers, false)]
    public async Task Whether_the_url_is_picked_is_told_without_probing_as_the_selection_picks_it(PostgresSourceKind kind, bool url)
    {
        var options = new PostgresServerOptions { Url = "postgresql://u:p@127.0.0.1:1/db", DockerEndpoint = NoEngine };

        var source = await PostgresServerFactory.SelectAsync(kind, options, CancellationToken.None);

        Assert.Equal(url, PostgresServerFactory.PicksUrl(kind, options.Url));
        Assert.Equal(url, source is UrlPostgresSource);
        Assert.False(PostgresServerFactory.PicksUrl(PostgresSourceKind.Auto, " "));
    }

    [Fact]
    public async Task Auto_falls_back_to_local_binaries_when_no_engine_answers()
    {
        using var root = new TempRoot();
        var options = new PostgresServerOptions { DockerEndpoint = NoEngine, TempRoot = root.Path };

        await using var server = await PostgresServerFactory.StartAsync(PostgresSourceKind.Auto, options, CancellationToken.None);

        Assert.Equal(PostgresSources.Local, server.Source);
        Assert.StartsWith("PostgreSQL ", await PostgresProbe.SelectVersionAsync(server.AdminConnectionString), StringComparison.Ordinal);
    }

    [ContainerEngineFact]
    public async Task Auto_prefers_a_container_when_an_engine_answers()
    {
        await using var server = await PostgresServerFactory.StartAsync(PostgresSourceKind.Auto, new PostgresServerOptions(), CancellationToken.None);

        Assert.Equal(PostgresSources.Testcontainers, server.Source);
        Assert.Contains(TestcontainersPostgresSource.DefaultImage, server.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Auto_without_any_source_says_how_to_get_one()
    {
        using var root = new TempRoot();
        var options = new PostgresServerOptions { DockerEndpoint = NoEngine, LocalBinDirectory = root.Path };

        var error = await Assert.ThrowsAsync<PostgresSourceUnavailableException>(
            () => PostgresServerFactory.StartAsync(PostgresSourceKind.Auto, options, CancellationToken.None));

        Assert.Contains("--postgres-url", error.Message, StringComparison.Ordinal);
        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
        Assert.Contains(NoEngine.ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Url_without_a_url_is_refused()
    {
        await Assert.ThrowsAsync<PostgresSourceUnavailableException>(
            () => PostgresServerFactory.StartAsync(PostgresSourceKind.Url, new PostgresServerOptions(), CancellationToken.None));
    }

    [Theory]
    [InlineData("auto", PostgresSourceKind.Auto)]
    [InlineData("Testcontainers", PostgresSourceKind.Testcontainers)]
    [InlineData("local", PostgresSourceKind.Local)]
    [InlineData("url", PostgresSourceKind.Url)]
    [InlineData("docker", null)]
    public void Source_kinds_parse_as_the_parameter_spells_them(string text, PostgresSourceKind? expected) =>
        Assert.Equal(expected, PostgresSources.ParseKind(text));
}
