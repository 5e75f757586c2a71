using System.Text.RegularExpressions;

namespace PluginDb.Build.Tests.Documentation;

/// <summary>docs/architecture.md names code; a rename that leaves it pointing at nothing fails here, as a stale cref fails the build.</summary>
public sealed partial class ArchitectureDocTests
{
    private static readonly string Root = RepositoryRoot.Find();

    [Fact]
    public void Every_type_and_member_the_map_names_exists_in_the_code()
    {
        var code = string.Join('\n', new[] { "src", "build", "tests" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(Root, d), "*.cs", SearchOption.AllDirectories))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText));
        var text = File.ReadAllText(Path.Combine(Root, "docs", "architecture.md"));

        var names = CodeSpan().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).ToList();
        var missing = names.SelectMany(n => n.Split('.')).Distinct(StringComparer.Ordinal)
            .Where(n => !Regex.IsMatch(code, $@"\b{Regex.Escape(n)}\b")).ToList();

        Assert.True(names.Count > 20, "the pattern finds the names in the map");
        Assert.True(missing.Count == 0, "docs/architecture.md names what the code does not have: " + string.Join(", ", missing));
    }

    // `PascalCase` names in code spans, with or without a member (`Type.Member`), skipping file names.
    [GeneratedRegex(@"`([A-Z][a-z0-9]+[A-Z][A-Za-z0-9]*(?:\.[A-Z]\w+)?)`")]
    private static partial Regex CodeSpan();
}
