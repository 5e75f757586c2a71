using PluginDb.Datasources.Postgres;

namespace PluginDb.Datasources.Tests.Postgres;

public sealed class PostgresVersionsTests
{
    [Theory]
    [InlineData("docker.io/library/postgres:15.18", 15)]
    [InlineData("postgres:16", 16)]
    [InlineData("postgres:16-alpine", 16)]
    [InlineData("localhost:5000/postgres:13.4@sha256:0123", 13)]
    [InlineData("postgres:latest", null)]
    [InlineData("postgres", null)]
    [InlineData("localhost:5000/postgres", null)]
    [InlineData("postgres@sha256:0123", null)]
    [InlineData("postgres:15rc1", null)]
    public void An_image_tag_names_its_major_version_or_none(string image, int? major) =>
        Assert.Equal(major, PostgresVersions.OfImage(image));

    [Theory]
    [InlineData("postgres (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)\n", 15)]
    [InlineData("postgres (PostgreSQL) 17.2", 17)]
    [InlineData("postgres: command not found", null)]
    public void The_server_binary_names_its_major_version(string output, int? major) =>
        Assert.Equal(major, PostgresVersions.OfServerBinary(output));

    [Fact]
    public async Task A_testcontainers_source_peeks_at_its_image_tag()
    {
        Assert.Equal(15, await new TestcontainersPostgresSource().PeekMajorVersionAsync(CancellationToken.None));
        Assert.Null(await new TestcontainersPostgresSource().WithImage("postgres:latest").PeekMajorVersionAsync(CancellationToken.None));
    }
}
