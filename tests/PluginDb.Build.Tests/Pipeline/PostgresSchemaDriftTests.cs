namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// schema.prisma against the migrations on PostgreSQL where Prisma Migrate is known to be wrong: an
/// index key's operator class (<c>ops:</c>) is compared with the one the migrations created, so an
/// index in step is not reported, and one built with another operator class is.
/// </summary>
[Collection(PostgresServerCollection.Name)]
[Trait("Category", "Postgres")]
public sealed class PostgresSchemaDriftTests(PostgresServerFixture server) : IDisposable
{
    private const string Init =
        "-- CreateTable\nCREATE TABLE \"Doc\" (\n    \"id\" INTEGER NOT NULL,\n    \"meta\" JSONB NOT NULL,\n\n    CONSTRAINT \"Doc_pkey\" PRIMARY KEY (\"id\")\n);\n\n" +
        "-- CreateIndex\nCREATE INDEX \"Doc_meta_idx\" ON \"Doc\" USING GIN (\"meta\" jsonb_path_ops);\n";

    private const string Schema = """
        datasource db {
          provider = "postgresql"
          url      = env("PLUGIN_DATABASE_URL")
        }

        model Doc {
          id   Int  @id
          meta Json
          @@index([meta(ops: JsonbPathOps)], type: Gin)
        }

        """;

    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private Task<Engine.BuildRun> RunAsync() =>
        _workspace.RunAsync("Drift", "--postgres", "url", "--postgres-url", server.AdminConnectionString, "--plugins", "plugins/*", "--no-cache");

    [Fact]
    public async Task An_index_with_the_operator_class_the_schema_declares_is_in_step()
    {
        _workspace.PostgresPlugin("docs", "docs", ("20240101000000_init", Init));
        _workspace.Write("plugins/docs/schema.prisma", Schema);

        var run = await RunAsync();

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Empty(_workspace.Findings());
    }

    [Fact]
    public async Task An_index_built_with_the_default_operator_class_differs_on_the_schema_line()
    {
        _workspace.PostgresPlugin("docs", "docs", ("20240101000000_init", Init.Replace(" jsonb_path_ops", "", StringComparison.Ordinal)));
        _workspace.Write("plugins/docs/schema.prisma", Schema);

        var run = await RunAsync();

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB312", finding.GetProperty("code").GetString());
        Assert.Equal(9, finding.GetProperty("line").GetInt32());
        Assert.Contains("meta jsonb_path_ops", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}
