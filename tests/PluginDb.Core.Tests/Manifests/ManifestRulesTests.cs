using PluginDb.Core.Findings;
using PluginDb.Core.Manifests;

namespace PluginDb.Core.Tests.Manifests;

public sealed class ManifestRulesTests : IDisposable
{
    private readonly TempFolder temp = new();

    public ManifestRulesTests()
    {
        temp.CreateFolder("sample/migrations");
        temp.Write("sample/scripts/migrate.js", "");
    }

    public void Dispose() => temp.Dispose();

    private ManifestLoadResult LoadDatabase(string database) =>
        ManifestLoader.Load(temp.Write("sample/plugin.json", ManifestTestData.WithDatabase(database)), temp.Path);

    /// <summary>Asserts exactly one finding, of <paramref name="code"/>, at <paramref name="marker"/> in the database JSON.</summary>
    private Finding AssertSingleAt(string database, FindingCode code, string marker)
    {
        var result = LoadDatabase(database);
        var finding = Assert.Single(result.Findings);
        Assert.Equal(code.Code, finding.Code);
        Assert.Equal("sample", finding.Plugin);
        Assert.Equal("sample/plugin.json", finding.File);
        var expected = TempFolder.At(ManifestTestData.WithDatabase(database), marker);
        Assert.Equal((expected.Line, expected.Column), (finding.Line!.Value, finding.Column!.Value));
        Assert.NotNull(result.Manifest);
        return finding;
    }

    private void AssertClean(string database) => Assert.Empty(LoadDatabase(database).Findings);

    [Theory]
    [InlineData("""{ "mode": "exclusive-sqlite", "provider": "sqlite" }""")]
    [InlineData("""{ "mode": "exclusive-postgres", "provider": "postgresql", "schema": "sample" }""")]
    [InlineData("""{ "mode": "shared" }""")]
    [InlineData("""{ "mode": "shared", "provider": "postgresql" }""")]
    [InlineData("""{ "mode": "shared", "provider": "sqlite" }""")]
    public void A_provider_that_fits_the_mode_passes(string database) => AssertClean(database);

    [Theory]
    [InlineData("exclusive-sqlite", "postgresql")]
    [InlineData("exclusive-postgres", "sqlite")]
    public void A_provider_that_contradicts_the_mode_is_SDB111_at_the_provider(string mode, string provider)
    {
        AssertSingleAt($$"""{ "mode": "{{mode}}", "provider": "{{provider}}", "schema": "sample" }""",
            FindingCodes.ModeProviderMismatch, $"\"{provider}\"");
    }

    [Fact]
    public void SDB111_is_positioned_at_the_provider_value()
    {
        var finding = AssertSingleAt("""{ "mode": "exclusive-sqlite", "provider": "postgresql" }""", FindingCodes.ModeProviderMismatch, "\"postgresql\"");

        Assert.Equal("Mode \"exclusive-sqlite\" needs provider \"sqlite\", not \"postgresql\".", finding.Message);
    }

    [Theory]
    [InlineData("""{ "mode": "exclusive-sqlite" }""", DatabaseProvider.Sqlite)]
    [InlineData("""{ "mode": "exclusive-postgres", "schema": "sample" }""", DatabaseProvider.Postgresql)]
    public void An_exclusive_mode_without_a_provider_gets_the_provider_it_implies(string database, DatabaseProvider implied)
    {
        var result = LoadDatabase(database);

        Assert.Empty(result.Findings);
        Assert.Equal(implied, result.Manifest!.Database.Provider);
    }

    [Fact]
    public void Shared_mode_without_a_provider_keeps_none()
    {
        Assert.Null(LoadDatabase("""{ "mode": "shared" }""").Manifest!.Database.Provider);
    }

    [Theory]
    [InlineData("""{ "mode": "shared", "provider": "mysql" }""")]
    [InlineData("""{ "mode": "exclusive-sqlite", "provider": "mysql" }""")]
    public void Mysql_is_SDB117_only(string database)
    {
        AssertSingleAt(database, FindingCodes.ProviderNotSupported, "\"mysql\"");
    }

    [Fact]
    public void Exclusive_postgres_without_a_schema_is_SDB112_at_the_database_object()
    {
        AssertSingleAt("""{ "mode": "exclusive-postgres", "provider": "postgresql" }""", FindingCodes.PostgresSchemaMissing, "{ \"mode\"");
    }

    [Theory]
    [InlineData("sample")]
    [InlineData("_sample")]
    [InlineData("paper_trail2")]
    [InlineData("cash$box")]
    [InlineData("int")] // a column-name keyword, which PostgreSQL accepts as a schema name
    [InlineData("public_data")]
    [InlineData("pgx")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijk")] // 63 bytes
    public void A_valid_schema_name_passes(string schema)
    {
        AssertClean($$"""{ "mode": "exclusive-postgres", "schema": "{{schema}}" }""");
    }

    [Theory]
    [InlineData("Papertrail", "upper-case")]
    [InlineData("PAPERTRAIL", "upper-case")]
    [InlineData("1papertrail", "not an unquoted PostgreSQL identifier")]
    [InlineData("paper-trail", "not an unquoted PostgreSQL identifier")]
    [InlineData("paper trail", "not an unquoted PostgreSQL identifier")]
    [InlineData("zürich", "not an unquoted PostgreSQL identifier")]
    [InlineData("abcdefghijklmnopqrstuvwxyzabcdefghijklmnopqrstuvwxyzabcdefghijkl", "longer than 63 bytes")]
    [InlineData("public", "already has")]
    [InlineData("information_schema", "already has")]
    [InlineData("pg_catalog", "already has")]
    [InlineData("pg_sample", "already has")]
    [InlineData("select", "reserved word")]
    [InlineData("user", "reserved word")]
    [InlineData("left", "reserved word")]
    public void An_invalid_schema_name_is_SDB113_at_the_schema(string schema, string reason)
    {
        var finding = AssertSingleAt($$"""{ "mode": "exclusive-postgres", "schema": "{{schema}}" }""", FindingCodes.PostgresSchemaInvalid, $"\"{schema}\"");

        Assert.Contains(reason, finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_schema_is_only_checked_for_exclusive_postgres()
    {
        AssertClean("""{ "mode": "exclusive-sqlite", "schema": "Public" }""");
    }

    [Fact]
    public void Existing_relative_migration_paths_pass()
    {
        AssertClean("""{ "mode": "exclusive-sqlite", "migrations": { "directory": "./migrations/", "entryPoint": "scripts/migrate.js" } }""");
    }

    [Fact]
    public void An_exclusive_mode_without_migrations_is_allowed()
    {
        var result = LoadDatabase("""{ "mode": "exclusive-postgres", "schema": "sample" }""");

        Assert.Empty(result.Findings);
        Assert.Null(result.Manifest!.MigrationsPath);
    }

    [Theory]
    [InlineData("/etc")]
    [InlineData("//server/share")]
    [InlineData("C:\\\\migrations")]
    public void An_absolute_migrations_directory_is_SDB114(string directory)
    {
        var finding = AssertSingleAt($$"""{ "mode": "shared", "migrations": { "directory": "{{directory}}" } }""",
            FindingCodes.PathEscapesPlugin, "\"" + directory);

        Assert.Contains("absolute", finding.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("../sample/migrations")]
    [InlineData("migrations/../migrations")]
    [InlineData("migrations\\\\..\\\\..\\\\x")]
    public void A_migrations_directory_with_a_parent_segment_is_SDB114(string directory)
    {
        AssertSingleAt($$"""{ "mode": "shared", "migrations": { "directory": "{{directory}}" } }""", FindingCodes.PathEscapesPlugin, "\"" + directory);
    }

    [Fact]
    public void An_entry_point_leaving_the_plugin_is_SDB114_at_the_entry_point()
    {
        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "migrations", "entryPoint": "../evil.js" } }""",
            FindingCodes.PathEscapesPlugin, "\"../evil.js\"");
    }

    [Fact]
    public void A_symlink_leading_out_of_the_plugin_is_SDB114()
    {
        var outside = temp.CreateFolder("outside/migrations");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "sample", "linked"), outside);

        var finding = AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "linked" } }""", FindingCodes.PathEscapesPlugin, "\"linked\"");

        Assert.Contains("symbolic link", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_relative_symlink_in_a_parent_folder_leading_out_is_SDB114()
    {
        temp.Write("outside/migrate.js", "");
        Directory.CreateSymbolicLink(Path.Combine(temp.Path, "sample", "scripts", "shared"), "../../outside");

        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "migrations", "entryPoint": "scripts/shared/migrate.js" } }""",
            FindingCodes.PathEscapesPlugin, "\"scripts/shared/migrate.js\"");
    }

    [Fact]
    public void A_symlink_that_stays_inside_the_plugin_passes()
    {
        File.CreateSymbolicLink(Path.Combine(temp.Path, "sample", "current"), "migrations");

        AssertClean("""{ "mode": "shared", "migrations": { "directory": "current" } }""");
    }

    [Fact]
    public void A_symlink_loop_is_SDB115()
    {
        File.CreateSymbolicLink(Path.Combine(temp.Path, "sample", "a"), "b");
        File.CreateSymbolicLink(Path.Combine(temp.Path, "sample", "b"), "a");

        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "a" } }""", FindingCodes.PathNotFound, "\"a\"");
    }

    [Fact]
    public void A_plugin_reached_through_a_symlinked_folder_is_checked_against_its_real_location()
    {
        var linkedRoot = Path.Combine(temp.Path, "alias");
        Directory.CreateSymbolicLink(linkedRoot, Path.Combine(temp.Path, "sample"));
        temp.Write("sample/plugin.json", ManifestTestData.WithDatabase("""{ "mode": "shared", "migrations": { "directory": "migrations" } }"""));

        Assert.Empty(ManifestLoader.Load(Path.Combine(linkedRoot, "plugin.json"), temp.Path).Findings);
    }

    [Fact]
    public void A_missing_migrations_directory_is_SDB115()
    {
        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "prisma/migrations" } }""", FindingCodes.PathNotFound, "\"prisma/migrations\"");
    }

    [Theory]
    [InlineData("""{ "mode": "shared", "migrations": { "directory": "migr\u0000ations" } }""", "\"migr\\u0000ations\"")]
    [InlineData("""{ "mode": "shared", "migrations": { "directory": "migrations", "entryPoint": "a\u0000.js" } }""", "\"a\\u0000.js\"")]
    public void A_nul_character_in_a_path_is_SDB115_not_a_crash(string database, string at)
    {
        AssertSingleAt(database, FindingCodes.PathNotFound, at);
    }

    [Fact]
    public void A_missing_entry_point_is_SDB115_at_the_entry_point()
    {
        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "migrations", "entryPoint": "migrate.js" } }""",
            FindingCodes.PathNotFound, "\"migrate.js\"");
    }

    [Fact]
    public void A_migrations_directory_that_is_a_file_is_SDB115()
    {
        var finding = AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "scripts/migrate.js" } }""",
            FindingCodes.PathNotFound, "\"scripts/migrate.js\"");

        Assert.Contains("not a folder", finding.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_entry_point_that_is_a_folder_is_SDB115()
    {
        AssertSingleAt("""{ "mode": "shared", "migrations": { "directory": "migrations", "entryPoint": "scripts" } }""",
            FindingCodes.PathNotFound, "\"scripts\"");
    }

    [Fact]
    public void Positive_limits_pass()
    {
        var result = LoadDatabase("""{ "mode": "shared", "limits": { "storageMb": 1, "connections": 2147483647 } }""");

        Assert.Empty(result.Findings);
        Assert.Equal(new DatabaseLimits(1, int.MaxValue), result.Manifest!.Database.Limits);
    }

    [Theory]
    [InlineData("storageMb", "0")]
    [InlineData("storageMb", "-5")]
    [InlineData("connections", "0")]
    [InlineData("connections", "-99999999999")]
    public void A_limit_that_is_not_positive_is_SDB116_at_the_limit(string limit, string value)
    {
        AssertSingleAt($$"""{ "mode": "shared", "limits": { "{{limit}}": {{value}} } }""", FindingCodes.LimitNotPositive, value + " }");
    }

    [Fact]
    public void Rule_findings_are_reported_together_in_file_order()
    {
        var database = """
            {
                  "mode": "exclusive-postgres",
                  "provider": "sqlite",
                  "migrations": { "directory": "../x" },
                  "limits": { "storageMb": 0, "connections": -1 }
                }
            """;

        var result = LoadDatabase(database);

        Assert.Equal(new[] { "SDB112", "SDB111", "SDB114", "SDB116", "SDB116" }, result.Findings.Select(f => f.Code));
    }
}
