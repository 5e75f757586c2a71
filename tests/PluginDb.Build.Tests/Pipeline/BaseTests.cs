namespace PluginDb.Build.Tests.Pipeline;

/// <summary>
/// <c>--base &lt;ref&gt;</c> on a real git repository: a pull request that edits, removes or renames a
/// merged migration, or adds one that sorts before the base's last, is reported on its files; a base git
/// does not know is a usage error; on a pull_request in GitHub Actions the base branch is the default.
/// </summary>
public sealed class BaseTests : IDisposable
{
    private readonly Workspace _workspace = new();

    public void Dispose() => _workspace.Dispose();

    private const string Init = "CREATE TABLE \"Note\" (\"id\" INTEGER NOT NULL PRIMARY KEY);\n";
    private const string Title = "ALTER TABLE \"Note\" ADD COLUMN \"title\" TEXT;\n";

    /// <summary>A repository whose main has the plugin with two migrations; the working tree is the pull request.</summary>
    private void MergedHistory()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init), ("20240201000000_title", Title));
        _workspace.CommitAsMain();
    }

    private string Migration(string name) => $"plugins/notes/migrations/{name}/migration.sql";

    [Fact]
    public async Task A_pull_request_that_only_adds_a_migration_after_the_base_passes_and_says_how_many_it_adds()
    {
        MergedHistory();
        _workspace.Write(Migration("20240301000000_body"), "ALTER TABLE \"Note\" ADD COLUMN \"body\" TEXT;\n");

        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--base", "main");

        Assert.Equal(0, run.ExitCode);
        Assert.Contains("Compared with main: 1 new migration.", run.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_workspace.Findings(), f => f.GetProperty("code").GetString()!.StartsWith("SDB2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Edited_renamed_and_out_of_order_migrations_are_reported_on_their_files()
    {
        MergedHistory();
        _workspace.Write(Migration("20240101000000_init"), Init.Replace("NOT NULL ", "", StringComparison.Ordinal));
        Directory.Move(_workspace.PathOf("plugins/notes/migrations/20240201000000_title"), _workspace.PathOf("plugins/notes/migrations/20240401000000_title"));
        _workspace.Write(Migration("20240115000000_early"), "SELECT 1;\n");

        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--base", "main");

        Assert.Equal(1, run.ExitCode);
        var findings = _workspace.Findings().Select(f => (Code: f.GetProperty("code").GetString(), File: f.GetProperty("file").GetString())).ToList();
        Assert.Contains(("SDB209", Migration("20240101000000_init")), findings);
        Assert.Contains(("SDB210", Migration("20240401000000_title")), findings);
        Assert.Contains(("SDB211", Migration("20240115000000_early")), findings);
    }

    [Fact]
    public async Task Each_plugin_of_a_repository_is_compared_with_its_own_folder()
    {
        // Read together: "notes" and "notes2" must not take each other's migrations.
        _workspace.SqlitePlugin("notes2", ("20240101000000_init", Init), ("20240301000000_body", Title));
        MergedHistory();
        _workspace.Write("plugins/notes2/migrations/20240301000000_body/migration.sql", Title + "SELECT 1;\n");
        _workspace.Write(Migration("20240401000000_more"), "SELECT 2;\n");

        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--base", "main");

        Assert.Contains("Compared with main: 1 new migration.", run.Stderr, StringComparison.Ordinal);
        var edited = Assert.Single(_workspace.Findings(), f => f.GetProperty("code").GetString()!.StartsWith("SDB2", StringComparison.Ordinal));
        Assert.Equal(("SDB209", "plugins/notes2/migrations/20240301000000_body/migration.sql"),
            (edited.GetProperty("code").GetString(), edited.GetProperty("file").GetString()));
    }

    [Fact]
    public async Task A_base_git_does_not_know_is_a_usage_error_that_says_to_fetch_it()
    {
        MergedHistory();

        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--base", "origin/no-such-branch");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("origin/no-such-branch", run.Stderr, StringComparison.Ordinal);
        Assert.Contains("fetch-depth: 0", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_base_outside_a_git_checkout_is_a_usage_error()
    {
        _workspace.SqlitePlugin("notes", ("20240101000000_init", Init));

        var run = await _workspace.RunAsync("Validate", "--plugins", "plugins/*", "--base", "main");

        Assert.Equal(2, run.ExitCode);
        Assert.Contains("is not in a git checkout", run.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task On_a_pull_request_in_GitHub_Actions_the_base_branch_is_compared_without_asking()
    {
        MergedHistory();
        _workspace.Git("update-ref", "refs/remotes/origin/main", "HEAD");
        _workspace.Write(Migration("20240101000000_init"), Init + "SELECT 1;\n");
        var environment = new Dictionary<string, string?> { ["GITHUB_EVENT_NAME"] = "pull_request", ["GITHUB_BASE_REF"] = "main" };

        var run = await _workspace.RunAsync(environment, default, "Validate", "--plugins", "plugins/*");

        Assert.Equal(1, run.ExitCode);
        Assert.Contains("Compared with origin/main", run.Stderr, StringComparison.Ordinal);
        Assert.Contains(_workspace.Findings(), f => f.GetProperty("code").GetString() == "SDB209");
    }
}
