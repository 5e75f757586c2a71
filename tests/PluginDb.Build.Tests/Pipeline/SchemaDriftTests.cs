namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// Drift of schema.prisma against the migrations, end to end: a changed schema without a migration
/// fails with a finding on the schema's line and the SQL a migration would need.
/// </summary>
public sealed class SchemaDriftTests : IDisposable
{
    private const string Init =
        "-- CreateTable\nCREATE TABLE \"Note\" (\n    \"id\" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,\n    \"body\" TEXT NOT NULL\n);\n";

    private const string Schema = """
        datasource db {
          provider = "sqlite"
          url      = env("PLUGIN_DATABASE_URL")
        }

        model Note {
          id   Int    @id @default(autoincrement())
          body String
        }

        """;

    private readonly Workspace _workspace = new();

    public SchemaDriftTests() => _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));

    public void Dispose() => _workspace.Dispose();

    [Fact]
    public async Task A_schema_in_step_with_its_migrations_gives_no_finding()
    {
        _workspace.Write("plugins/notes/schema.prisma", Schema);

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(0, run.ExitCode);
        Assert.Empty(_workspace.Findings());
        Assert.Contains("schema.prisma is in step", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_added_without_a_migration_is_an_error_on_the_field_line_with_the_sql_to_add()
    {
        _workspace.Write("plugins/notes/schema.prisma", Schema.Replace("  body String\n", "  body String\n  title String?\n", StringComparison.Ordinal));

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB310", finding.GetProperty("code").GetString());
        Assert.Equal("plugins/notes/schema.prisma", finding.GetProperty("file").GetString());
        Assert.Equal(9, finding.GetProperty("line").GetInt32());
        Assert.Contains("ALTER TABLE \"Note\" ADD COLUMN \"title\" TEXT;", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_migration_creating_what_the_schema_lacks_is_reported_on_that_migration()
    {
        _workspace.Write("plugins/notes/schema.prisma", Schema);
        _workspace.Write("plugins/notes/migrations/20240102000000_index/migration.sql", "-- CreateIndex\nCREATE INDEX \"Note_body_idx\" ON \"Note\"(\"body\");\n");

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var finding = Assert.Single(_workspace.Findings());
        Assert.Equal("SDB311", finding.GetProperty("code").GetString());
        Assert.Equal("plugins/notes/migrations/20240102000000_index/migration.sql", finding.GetProperty("file").GetString());
        Assert.Equal(2, finding.GetProperty("line").GetInt32());
    }

    [Fact]
    public async Task A_syntax_error_in_the_schema_is_a_finding_at_its_position_not_a_crash()
    {
        _workspace.Write("plugins/notes/schema.prisma", Schema.Replace("model Note {", "model Note {{", StringComparison.Ordinal));

        var run = await _workspace.RunAsync("Drift", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        var finding = _workspace.Findings().First(f => f.GetProperty("code").GetString() == "SDB140");
        Assert.Equal("plugins/notes/schema.prisma", finding.GetProperty("file").GetString());
        Assert.Equal(6, finding.GetProperty("line").GetInt32());
    }

    [SharedFolderFact("corpus/prisma/anythingllm")]
    public async Task A_real_project_in_step_with_its_schema_passes_without_node_or_prisma()
    {
        var project = Path.Combine(SharedFolderFactAttribute.SharedFolder, "corpus", "prisma", "anythingllm");

        var run = await _workspace.RunAsync("Drift", "--project", project);

        Assert.True(run.ExitCode == 0, run.Stderr + run.Stdout);
        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("severity").GetString() == "error");
    }
}
