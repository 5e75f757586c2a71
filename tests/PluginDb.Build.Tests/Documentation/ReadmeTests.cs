using System.Text;
using PluginDb.Core.Findings;

namespace PluginDb.Build.Tests.Documentation;

/// <summary>Finding codes and exit codes are a public contract: the README documents every one.</summary>
public sealed class ReadmeTests
{
    private const string Marker = "<!-- finding-codes -->";
    private static readonly string Readme = File.ReadAllText(Path.Combine(RepositoryRoot.Find(), "README.md"));

    [Fact]
    public void Readme_starts_with_the_two_commands_a_newcomer_runs()
    {
        var firstBlock = Readme.Split("```")[1];

        Assert.Contains("./build.sh", firstBlock, StringComparison.Ordinal);
        Assert.Contains("dotnet test PluginDb.Ci.sln", firstBlock, StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_lists_every_finding_code_with_its_severity_title_and_meaning()
    {
        var start = Readme.IndexOf(Marker, StringComparison.Ordinal);
        Assert.True(start >= 0, $"README.md has no {Marker} marker before the finding-code rows");
        var end = Readme.IndexOf(Marker, start + Marker.Length, StringComparison.Ordinal);
        Assert.True(end > start, $"README.md needs a closing {Marker} marker after the finding-code rows");

        var documented = Readme[(start + Marker.Length)..end].Trim();

        Assert.Equal(ExpectedRows(), documented);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Readme_documents_each_exit_code(int code) =>
        Assert.Contains($"\n| {code} | ", Readme, StringComparison.Ordinal);

    [Fact]
    public void Finding_codes_are_unique_and_in_order()
    {
        var codes = FindingCodes.All.Select(c => c.Code).ToList();

        Assert.Equal(codes.Distinct().Count(), codes.Count);
        Assert.Equal(codes.Order(StringComparer.Ordinal), codes);
        Assert.All(codes, c => Assert.Matches("^SDB[1-6][0-9]{2}$", c));
    }

    /// <summary>The rows as the code defines them; on a mismatch, paste these into the README.</summary>
    private static string ExpectedRows()
    {
        var rows = new StringBuilder("| code | severity | title | meaning |\n|---|---|---|---|\n");
        foreach (var code in FindingCodes.All)
        {
            rows.Append($"| <a id=\"{code.Code.ToLowerInvariant()}\"></a>{code.Code} | {code.Severity.ToString().ToLowerInvariant()} | {code.Title} | {code.Description.Replace("|", "\\|", StringComparison.Ordinal)} |\n");
        }
        return rows.ToString().Trim();
    }
}
